using System.Text.Encodings.Web;
using System.Text.Json;

namespace UsersCli;

/// <summary>The one JSON shape every --json output uses: camelCase, indented, readable characters unescaped.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
