// Conformance scenario after dotnet/orleans test/Grains/TestGrains/EventSourcing/ChatFormat.cs and the
// XDocument serializer in IChatGrain.cs (Copyright (c) .NET Foundation, MIT). Rewritten for this project.
using System.Globalization;
using System.Xml.Linq;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;

namespace EventSourcing.Tests.Conformance.Grains;

/// <summary>The chat document: a comment naming its creator, then <c>root/created</c> and <c>root/posts/post</c>.</summary>
public static class ChatFormat
{
    public const int MaxNumPosts = 100;

    public static void Initialize(this XDocument document, DateTime timestamp, string origin)
    {
        if (document.Nodes().Any()) return;
        document.Add(new XComment($"This chat room was created by {origin}"));
        document.Add(new XElement("root", new XElement("created", Format(timestamp)), new XElement("posts")));
    }

    public static XElement GetPostsContainer(this XDocument document) => document.Element("root")!.Element("posts")!;

    public static XElement MakePost(Guid guid, string user, DateTime timestamp, string text) =>
        new("post", new XAttribute("id", guid.ToString()),
            new XElement("user", user), new XElement("timestamp", Format(timestamp)), new XElement("text", text));

    public static XElement? FindPost(this XDocument document, string guid) =>
        document.GetPostsContainer().Elements("post").FirstOrDefault(p => (string?)p.Attribute("id") == guid);

    /// <summary>Keeps the newest <see cref="MaxNumPosts"/> posts.</summary>
    public static void EnforceLimit(this XDocument document)
    {
        var posts = document.GetPostsContainer();
        if (posts.Nodes().Count() > MaxNumPosts) posts.Nodes().First().Remove();
    }

    private static string Format(DateTime time) => time.ToString("s", CultureInfo.InvariantCulture);
}

/// <summary>XDocument crosses the wire as its text.</summary>
[GenerateSerializer]
public struct XDocumentSurrogate
{
    [Id(0)] public string Xml;
}

[RegisterConverter]
public sealed class XDocumentSurrogateConverter : IConverter<XDocument, XDocumentSurrogate>
{
    public XDocument ConvertFromSurrogate(in XDocumentSurrogate surrogate) => XDocument.Parse(surrogate.Xml);

    public XDocumentSurrogate ConvertToSurrogate(in XDocument value) => new() { Xml = value.ToString() };
}

[RegisterCopier]
public sealed class XDocumentCopier : IDeepCopier<XDocument>
{
    public XDocument? DeepCopy(XDocument? input, CopyContext context) => input is null ? null : new(input);
}
