using System.Text;
using Grains.Interfaces;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Users.Http.Routing;

/// <summary>
/// Refuses a path whose percent-escapes are not UTF-8 (<c>/users/bad%FF%FEid/name</c>) as an
/// invalid user id (400). The server decodes what it can and leaves the rest as text, so the id
/// would otherwise be the literal <c>bad%FF%FEid</c>: another user than the client meant, and the
/// same one <c>%25FF</c> spells. The request's raw target tells the two apart.
/// </summary>
internal static class PathEncodingFilter
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var target = context.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var path = target.Split('?', 2)[0];
        if (!DecodesAsUtf8(path))
            throw new UserCommandException(UserErrorCode.InvalidUserId,
                "A user id must be valid Unicode text: the path's percent-escapes do not decode as UTF-8.");
        return next(context);
    }

    private static bool DecodesAsUtf8(string path)
    {
        if (!path.Contains('%', StringComparison.Ordinal)) return true;
        var bytes = new List<byte>(path.Length);
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '%' && i + 2 < path.Length && Uri.IsHexDigit(path[i + 1]) && Uri.IsHexDigit(path[i + 2]))
            {
                bytes.Add(Convert.ToByte(path.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.AddRange(Encoding.UTF8.GetBytes(path[i].ToString()));
        }
        try
        {
            Strict.GetString(bytes.ToArray());
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
