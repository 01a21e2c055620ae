// Conformance scenario after dotnet/orleans test/Grains/TestGrains/EventSourcing/ChatEvents.cs
// (Copyright (c) .NET Foundation, MIT). Rewritten for this project.
using System.Xml.Linq;

namespace EventSourcing.Tests.Conformance.Grains;

// Events under an interface base (not object), so our provider names each after its class.

public interface IChatEvent
{
    void Update(XDocument document);
}

[GenerateSerializer]
public class CreatedEvent : IChatEvent
{
    [Id(0)] public DateTime Timestamp { get; set; }
    [Id(1)] public string Origin { get; set; } = "";

    public void Update(XDocument document) => document.Initialize(Timestamp, Origin);
}

[GenerateSerializer]
public class PostedEvent : IChatEvent
{
    [Id(0)] public Guid Guid { get; set; }
    [Id(1)] public string User { get; set; } = "";
    [Id(2)] public DateTime Timestamp { get; set; }
    [Id(3)] public string Text { get; set; } = "";

    public void Update(XDocument document)
    {
        document.GetPostsContainer().Add(ChatFormat.MakePost(Guid, User, Timestamp, Text));
        document.EnforceLimit();
    }
}

[GenerateSerializer]
public class DeletedEvent : IChatEvent
{
    [Id(0)] public Guid Guid { get; set; }

    public void Update(XDocument document) => document.FindPost(Guid.ToString())?.Remove();
}

[GenerateSerializer]
public class EditedEvent : IChatEvent
{
    [Id(0)] public Guid Guid { get; set; }
    [Id(1)] public string Text { get; set; } = "";

    public void Update(XDocument document) => document.FindPost(Guid.ToString())?.Element("text")?.ReplaceAll(Text);
}
