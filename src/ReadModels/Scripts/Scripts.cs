namespace ReadModels;

internal static class Scripts
{
    public static string Load(string name)
    {
        using var stream = typeof(Scripts).Assembly.GetManifestResourceStream($"ReadModels.Scripts.{name}")
            ?? throw new InvalidOperationException($"Embedded script {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
