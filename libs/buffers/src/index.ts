export * from './standalone';
export * from './checksum.pipe';
export * from './dto/buffers.dto';
export * from './buffers.controller';
export * from './buffers.module';
