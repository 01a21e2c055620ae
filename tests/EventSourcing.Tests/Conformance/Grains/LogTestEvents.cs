// Conformance scenario after dotnet/orleans test/Grains/TestGrains/LogTestGrain.cs
// (Copyright (c) .NET Foundation, MIT). Rewritten for this project.
using RedisEventSourcing.Serialization;

namespace EventSourcing.Tests.Conformance.Grains;

// State and events keep Orleans' shape on purpose: public fields, not properties, with [Id] for
// Orleans' serializer. [EventType]: events of a JournaledGrain<_, object> need a wire name for our
// provider today (default names for undecorated classes are being added); then these can go.

[GenerateSerializer]
public class LogTestState
{
    [Id(0)] public int A;
    [Id(1)] public int B;

    public void Apply(UpdateA e) => A = e.Val;
    public void Apply(UpdateB e) => B = e.Val;
    public void Apply(IncrementA e) => A++;
}

[EventType("UpdateA"), GenerateSerializer]
public class UpdateA
{
    [Id(0)] public int Val;
}

[EventType("UpdateB"), GenerateSerializer]
public class UpdateB
{
    [Id(0)] public int Val;
}

[EventType("IncrementA"), GenerateSerializer]
public class IncrementA
{
    [Id(0)] public int Val;
}
