import { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * Certificates for a test cluster (`tsray tls generate`): a CA, and one certificate and key
 * signed by it that every process of the cluster uses, as server and as client (mutual TLS),
 * valid for the given hosts (DNS names and IP addresses). ECDSA P-256: fast handshakes, small
 * keys. For production, bring certificates from your own CA.
 */
export interface TestCertificates {
  caCert: string;
  caKey: string;
  cert: string;
  key: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

function pemKey(der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').trimEnd();
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

/** A CA and a node certificate for `hosts`, valid for `days` from now. */
export async function generateTestCertificates(hosts: string[], days: number): Promise<TestCertificates> {
  // Loaded here: only this command needs X.509 generation.
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto as never);
  const subtle = webcrypto.subtle;
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + days * DAY_MS);
  const serial = () => Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');

  const caKeys = await subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: 'CN=tsray test cluster CA', notBefore, notAfter, keys: caKeys as never, signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey as never),
    ],
  });

  const nodeKeys = await subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const names = hosts.map((h) => (isIP(h) ? { type: 'ip' as const, value: h } : { type: 'dns' as const, value: h }));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: 'CN=tsray node', issuer: ca.subject, notBefore, notAfter,
    publicKey: nodeKeys.publicKey as never, signingKey: caKeys.privateKey as never, signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension(names),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });

  return {
    caCert: ca.toString('pem'),
    caKey: pemKey(await subtle.exportKey('pkcs8', caKeys.privateKey)),
    cert: cert.toString('pem'),
    key: pemKey(await subtle.exportKey('pkcs8', nodeKeys.privateKey)),
  };
}
