// Conformance scenario after dotnet/orleans test/Grains/TestGrains/LogTestGrain.cs
// (Copyright (c) .NET Foundation, MIT). Rewritten for this project.

namespace EventSourcing.Tests.Conformance.Grains;

// State and events keep Orleans' shape on purpose: public fields, not properties, with [Id] for
// Orleans' serializer, and no [EventType]: the provider names them after their classes.

[GenerateSerializer]
public class LogTestState
{
    [Id(0)] public int A;
    [Id(1)] public int B;

    public void Apply(UpdateA e) => A = e.Val;
    public void Apply(UpdateB e) => B = e.Val;
    public void Apply(IncrementA e) => A++;
}

[GenerateSerializer]
public class UpdateA
{
    [Id(0)] public int Val;
}

[GenerateSerializer]
public class UpdateB
{
    [Id(0)] public int Val;
}

[GenerateSerializer]
public class IncrementA
{
    [Id(0)] public int Val;
}
