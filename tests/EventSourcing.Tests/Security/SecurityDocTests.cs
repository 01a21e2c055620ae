using Silo.Security;

namespace EventSourcing.Tests.Security;

public sealed class SecurityDocTests
{
    /// <summary>The ACL line operators copy from docs/security.md is the one the hardened tests run under.</summary>
    [Fact]
    public void the_documented_acl_line_is_the_one_the_tests_use()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "security.md"));

        Assert.Contains(SiloRedisAcl.UserLine("es-silo", "<password>"), doc);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orleans.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Orleans.sln not found above the test folder.");
    }
}
