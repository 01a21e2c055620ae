// Conformance tests after dotnet/orleans test/Orleans.EventSourcing.Tests/EventSourcingTests/ChatGrainTests.cs
// (Copyright (c) .NET Foundation, MIT). Rewritten for this project.
using System.Xml.Linq;
using EventSourcing.Tests.Conformance.Grains;

namespace EventSourcing.Tests.Conformance;

[Collection(ConformanceCollection.Name)]
public sealed class ChatGrainTests(ConformanceFixture fixture)
{
    private IChatGrain NewChat(string provider) =>
        fixture.Grains.GetGrain<IChatGrain>($"Chatroom-{Guid.NewGuid()}", Providers.GrainClass<ChatGrain>(provider));

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task a_new_chat_room_records_its_creation_on_first_activation(string provider)
    {
        var content = (await NewChat(provider).GetChat()).ToString();

        var nl = Environment.NewLine;
        Assert.StartsWith($"<!--This chat room was created by {typeof(ChatGrain).FullName}-->{nl}<root>{nl}  <created>", content);
        Assert.EndsWith($"</created>{nl}  <posts />{nl}</root>", content);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task a_deleted_post_is_gone(string provider)
    {
        var chat = NewChat(provider);
        var guid = Guid.NewGuid();

        await chat.Post(guid, "Famous Athlete", "I am retiring");
        Assert.Single(Posts(await chat.GetChat()));

        await chat.Delete(guid);
        Assert.Empty(Posts(await chat.GetChat()));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task an_edited_post_shows_its_new_text_among_the_others(string provider)
    {
        var chat = NewChat(provider);
        var guid = Guid.NewGuid();
        await chat.Post(Guid.NewGuid(), "asdf", "asdf");
        await chat.Post(guid, "Famous Athlete", "I am retiring");
        await chat.Post(Guid.NewGuid(), "456", "456");
        Assert.Equal(3, Posts(await chat.GetChat()).Count());

        await chat.Edit(guid, "I am not retiring");

        var document = await chat.GetChat();
        Assert.Equal(3, Posts(document).Count());
        Assert.Equal("I am not retiring", document.FindPost(guid.ToString())!.Element("text")!.Value);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task a_chat_room_keeps_only_the_newest_posts(string provider)
    {
        var chat = NewChat(provider);
        for (var i = 0; i < ChatFormat.MaxNumPosts + 10; i++)
            await chat.Post(Guid.NewGuid(), i.ToString(), i.ToString());

        var posts = Posts(await chat.GetChat()).ToList();
        Assert.Equal(ChatFormat.MaxNumPosts, posts.Count);
        Assert.Equal("10", posts[0].Element("text")!.Value);
    }

    private static IEnumerable<XElement> Posts(XDocument document) => document.GetPostsContainer().Elements("post");
}
