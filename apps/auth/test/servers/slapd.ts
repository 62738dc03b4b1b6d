import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './oidc';

/**
 * A throwaway OpenLDAP server for tests: Debian's slapd (installed here when missing, as CI
 * runs on a clean machine as root), a cn=config directory built in a temporary folder with
 * slapadd, and a small directory, listening on 127.0.0.1 on a free port.
 */
export const BASE = 'dc=example,dc=org';
export const ROOT_DN = `cn=admin,${BASE}`;
export const ROOT_PASSWORD = 'root-secret';
export const READER_DN = `cn=reader,${BASE}`;
export const READER_PASSWORD = 'reader-secret';
export const PEOPLE = `ou=people,${BASE}`;
export const GROUPS = `ou=groups,${BASE}`;

export interface Person {
  uid: string;
  password: string;
  mail?: string;
  /** `disabled` keeps them out of Simvault's user filter. */
  employeeType?: string;
}

export interface Slapd {
  url: string;
  /** Applies an LDIF change (as the directory's root). */
  modify(ldif: string): void;
  /** The entryUUID of a person. */
  entryUuid(uid: string): string;
  stop(): Promise<void>;
}

/** slapd and ldap-utils from Debian's packages, once per machine. */
export function ensureSlapd(): void {
  if (existsSync('/usr/sbin/slapd') && existsSync('/usr/bin/ldapmodify')) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '-q', 'slapd', 'ldap-utils'], { env, stdio: 'ignore' }).status;
  if (install() !== 0) {
    spawnSync('apt-get', ['update', '-q'], { env, stdio: 'ignore' });
    if (install() !== 0) throw new Error('could not install slapd and ldap-utils with apt-get');
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
      .once('connect', () => {
        socket.destroy();
        ok(true);
      })
      .once('error', () => ok(false));
  });
}

function configLdif(dir: string): string {
  return `dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: ${dir}/slapd.pid

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif

include: file:///etc/ldap/schema/cosine.ldif

include: file:///etc/ldap/schema/inetorgperson.ldif

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: ${BASE}
olcRootDN: ${ROOT_DN}
olcRootPW: ${ROOT_PASSWORD}
olcDbDirectory: ${dir}/data
olcDbIndex: objectClass eq
olcDbIndex: uid eq
olcDbIndex: member eq
olcDbIndex: entryUUID eq
olcAccess: {0}to attrs=userPassword by anonymous auth by * none
olcAccess: {1}to * by dn.exact="${READER_DN}" read by self read by * none
`;
}

function dataLdif(people: Person[], groups: Record<string, string[]>): string {
  const entries = [
    `dn: ${BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example`,
    `dn: ${PEOPLE}\nobjectClass: organizationalUnit\nou: people`,
    `dn: ${GROUPS}\nobjectClass: organizationalUnit\nou: groups`,
    `dn: ${READER_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: reader\nuserPassword: ${READER_PASSWORD}`,
    ...people.map(
      (p) =>
        `dn: uid=${p.uid},${PEOPLE}\nobjectClass: inetOrgPerson\nuid: ${p.uid}\ncn: ${p.uid}\nsn: ${p.uid}\n` +
        `userPassword: ${p.password}` +
        (p.mail ? `\nmail: ${p.mail}` : '') +
        (p.employeeType ? `\nemployeeType: ${p.employeeType}` : ''),
    ),
    ...Object.entries(groups).map(
      ([cn, members]) =>
        `dn: cn=${cn},${GROUPS}\nobjectClass: groupOfNames\ncn: ${cn}\n` +
        members.map((uid) => `member: uid=${uid},${PEOPLE}`).join('\n'),
    ),
  ];
  return `${entries.join('\n\n')}\n`;
}

/** Starts slapd with these people and groups (cn → member uids). */
export async function startSlapd(people: Person[], groups: Record<string, string[]>): Promise<Slapd> {
  ensureSlapd();
  const dir = mkdtempSync(join(tmpdir(), 'simvault-slapd-'));
  const configDir = join(dir, 'slapd.d');
  mkdirSync(configDir);
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'config.ldif'), configLdif(dir));
  writeFileSync(join(dir, 'data.ldif'), dataLdif(people, groups));
  execFileSync('slapadd', ['-n', '0', '-F', configDir, '-l', join(dir, 'config.ldif')], { stdio: 'pipe' });
  execFileSync('slapadd', ['-n', '1', '-F', configDir, '-l', join(dir, 'data.ldif')], { stdio: 'pipe' });

  let child: ChildProcess | undefined;
  let url = '';
  // The port is free when picked and taken by slapd a moment later: try again should another take it.
  for (let attempt = 0; attempt < 5 && !url; attempt++) {
    const port = await freePort();
    const started = spawn('slapd', ['-d', '0', '-F', configDir, '-h', `ldap://127.0.0.1:${port}/`], {
      stdio: 'ignore',
    });
    let exited = false;
    started.once('exit', () => (exited = true));
    const deadline = Date.now() + 10_000;
    while (!exited && Date.now() < deadline && !(await listening(port)))
      await new Promise((r) => setTimeout(r, 50));
    if (!exited && (await listening(port))) {
      child = started;
      url = `ldap://127.0.0.1:${port}`;
    } else started.kill('SIGKILL');
  }
  if (!child) throw new Error('slapd did not start');
  const server = child;
  const ldap = (tool: string, args: string[], input?: string) =>
    execFileSync(tool, ['-x', '-H', url, '-D', ROOT_DN, '-w', ROOT_PASSWORD, ...args], {
      input,
      encoding: 'utf8',
    });
  return {
    url,
    modify: (ldif) => void ldap('ldapmodify', [], ldif),
    entryUuid: (uid) =>
      /entryUUID: (\S+)/.exec(
        ldap('ldapsearch', ['-LLL', '-b', `uid=${uid},${PEOPLE}`, '-s', 'base', 'entryUUID']),
      )![1],
    stop: async () => {
      const exit = new Promise((ok) => server.once('exit', ok));
      server.kill('SIGTERM');
      await exit;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
