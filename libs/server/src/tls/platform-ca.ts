import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';

// The platform's own certificate authority for the Kubernetes API's HTTPS port: made once on
// first start and kept under DATA_DIR, so kubeconfigs stay valid across restarts. kubectl sends
// its bearer token only over TLS, and trusts this CA through certificate-authority-data.

export interface TlsMaterial {
  caCert: string;
  cert: string;
  key: string;
}

function keyPair(): {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  pem: string;
} {
  // Node's native RSA generation is much faster than forge's pure-JS one.
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const priv = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { privateKey: priv, publicKey: forge.pki.setRsaPublicKey(priv.n, priv.e), pem };
}

function serial(): string {
  return '01' + crypto.randomBytes(15).toString('hex');
}

function makeCa() {
  const keys = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
  const attrs = [
    { name: 'commonName', value: 'kubelab-ca' },
    { name: 'organizationName', value: 'kubelab' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, keyPem: keys.pem, privateKey: keys.privateKey };
}

function makeServerCert(
  ca: { cert: forge.pki.Certificate; privateKey: forge.pki.rsa.PrivateKey },
  hosts: string[],
) {
  const keys = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000);
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(ca.cert.subject.attributes);
  const altNames = hosts.map((h) =>
    /^\d+\.\d+\.\d+\.\d+$/.test(h) || h.includes(':') ? { type: 7, ip: h } : { type: 2, value: h },
  );
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
  ]);
  cert.sign(ca.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.pem };
}

/**
 * The CA and a server certificate for `hosts`, from `dir` (created when missing). A server
 * certificate not covering the hosts is remade; the CA is never replaced.
 */
export function ensurePlatformTls(dir: string, hosts: string[]): TlsMaterial {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caCertFile = path.join(dir, 'ca.crt');
  const caKeyFile = path.join(dir, 'ca.key');
  let ca: { cert: forge.pki.Certificate; privateKey: forge.pki.rsa.PrivateKey };
  if (fs.existsSync(caCertFile) && fs.existsSync(caKeyFile)) {
    ca = {
      cert: forge.pki.certificateFromPem(fs.readFileSync(caCertFile, 'utf8')),
      privateKey: forge.pki.privateKeyFromPem(
        fs.readFileSync(caKeyFile, 'utf8'),
      ) as forge.pki.rsa.PrivateKey,
    };
  } else {
    const made = makeCa();
    fs.writeFileSync(caKeyFile, made.keyPem, { mode: 0o600 });
    fs.writeFileSync(caCertFile, forge.pki.certificateToPem(made.cert));
    ca = { cert: made.cert, privateKey: made.privateKey };
  }
  const wanted = [...new Set(hosts)].sort();
  const certFile = path.join(dir, 'apiserver.crt');
  const keyFile = path.join(dir, 'apiserver.key');
  const hostsFile = path.join(dir, 'apiserver.hosts');
  const have = fs.existsSync(hostsFile) ? fs.readFileSync(hostsFile, 'utf8') : '';
  if (have !== wanted.join(',') || !fs.existsSync(certFile) || !fs.existsSync(keyFile)) {
    const s = makeServerCert(ca, wanted);
    fs.writeFileSync(keyFile, s.keyPem, { mode: 0o600 });
    fs.writeFileSync(certFile, s.certPem);
    fs.writeFileSync(hostsFile, wanted.join(','));
  }
  return {
    caCert: forge.pki.certificateToPem(ca.cert),
    cert: fs.readFileSync(certFile, 'utf8'),
    key: fs.readFileSync(keyFile, 'utf8'),
  };
}
