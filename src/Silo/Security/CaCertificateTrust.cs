using System.Security.Cryptography.X509Certificates;

namespace Silo.Security;

/// <summary>
/// Trusts exactly the certificates a private CA signed: the chain is built against that CA alone,
/// not the machine's store. Host names are not checked: silos dial each other by IP address, and a
/// cluster's identity is "holds a certificate of our CA".
/// </summary>
public sealed class CaCertificateTrust(X509Certificate2 ca)
{
    public static CaCertificateTrust FromPemFile(string path) => new(X509Certificate2.CreateFromPem(File.ReadAllText(path)));

    public bool Trusts(X509Certificate2? certificate)
    {
        if (certificate is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        // A throwaway private CA publishes no revocation list.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
