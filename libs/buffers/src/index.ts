export * from './checksum';
export * from './buffer-store';
export * from './checksum.pipe';
export * from './dto/buffers.dto';
export * from './buffers.controller';
export * from './buffers.module';
export * from './hashserver/hashserver';
