using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace Silo.Security;

/// <summary>
/// The <c>Orleans:Tls</c> section: when <c>CertificateFile</c> is set, silo-to-silo and gateway
/// connections are TLS only. <c>CertificateFile</c> is a PEM certificate with its PEM <c>KeyFile</c>,
/// or a PKCS#12 (.pfx) file with its <c>CertificatePassword</c>; <c>CaFile</c> is the PEM CA that
/// signs every silo's certificate (silos present theirs to each other; clients need not).
/// </summary>
public sealed record OrleansTlsSettings(string CertificateFile, string? KeyFile, string? CertificatePassword, string? CaFile)
{
    public const string SectionName = "Orleans:Tls";

    /// <summary>Null when TLS is not configured.</summary>
    public static OrleansTlsSettings? From(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        if (string.IsNullOrWhiteSpace(section["CertificateFile"])) return null;
        return new OrleansTlsSettings(section["CertificateFile"]!, Blank(section["KeyFile"]), Blank(section["CertificatePassword"]), Blank(section["CaFile"]));
    }

    public X509Certificate2 LoadCertificate()
    {
        foreach (var file in new[] { CertificateFile, KeyFile, CaFile })
        {
            if (file is not null && !File.Exists(file))
                throw new InvalidOperationException($"{SectionName} names '{file}', which does not exist.");
        }

        return KeyFile is null
            ? X509CertificateLoader.LoadPkcs12FromFile(CertificateFile, CertificatePassword)
            : X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile);
    }

    // The password never appears here: a record's generated ToString would print it.
    public override string ToString() => $"certificate {CertificateFile}" + (CaFile is null ? "" : $", CA {CaFile}");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
