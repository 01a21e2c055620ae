using Orleans.Connections.Security;
using Orleans.Hosting;

namespace Silo.Security;

public static class OrleansTlsSiloBuilderExtensions
{
    /// <summary>
    /// Silo-to-silo and gateway connections over mutual TLS with <paramref name="settings"/>' certificate:
    /// every silo and every client presents a certificate (Orleans' silo listener asks clients for
    /// one as it asks silos), so only holders of a certificate of the cluster's CA get in. With a CA
    /// file, a remote certificate counts only if that CA signed it.
    /// </summary>
    public static ISiloBuilder UseOrleansTls(this ISiloBuilder silo, OrleansTlsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var certificate = settings.LoadCertificate();
        var trust = settings.CaFile is null ? null : CaCertificateTrust.FromPemFile(settings.CaFile);
        return silo.UseTls(certificate, options =>
        {
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            if (trust is not null)
                options.RemoteCertificateValidation = (remote, _, _) => trust.Trusts(remote);
        });
    }
}
