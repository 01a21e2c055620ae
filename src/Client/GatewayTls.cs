using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace UsersCli;

internal static class GatewayTls
{
    /// <summary>
    /// Talks mutual TLS to the gateway: presents <paramref name="certificateFile"/> (PEM, with its
    /// <paramref name="keyFile"/>; silos require a client certificate of their CA) and accepts the
    /// silo's certificate only if the CA in <paramref name="caFile"/> signed it (host names are not
    /// checked: silos are reached by IP address).
    /// </summary>
    public static IClientBuilder UseGatewayTls(this IClientBuilder client, string caFile, string certificateFile, string keyFile)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
        var certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        return client.UseTls(certificate, options =>
        {
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.RemoteCertificateValidation = (certificate, _, _) => SignedBy(certificate, ca);
        });
    }

    // The same check as the silo's CaCertificateTrust (src/Silo/Security); the CLI does not reference the silo.
    private static bool SignedBy(X509Certificate2? certificate, X509Certificate2 ca)
    {
        if (certificate is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
