namespace LocalRedis;

/// <summary>
/// Serve TLS only: redis-server listens on its port with TLS (<c>tls-port</c>) and on no plain-text
/// port (<c>port 0</c>). Paths are PEM files; clients need not present a certificate.
/// </summary>
/// <param name="CertificateFile">The server's certificate (<c>tls-cert-file</c>).</param>
/// <param name="KeyFile">Its private key, unencrypted (<c>tls-key-file</c>).</param>
/// <param name="CaFile">The CA that signed it (<c>tls-ca-cert-file</c>); start and stop trust it to talk to the server.</param>
public sealed record LocalRedisTls(string CertificateFile, string KeyFile, string CaFile);
