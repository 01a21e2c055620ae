// Conformance scenario after dotnet/orleans test/Grains/TestGrainInterfaces/EventSourcing/IAccountGrain.cs
// (Copyright (c) .NET Foundation, MIT). Rewritten for this project.
namespace EventSourcing.Tests.Conformance.Grains;

// Events shaped as Orleans' tests shape them: mutable classes with settable properties under an
// abstract base. The base is not object, so our provider names each subclass after its class.

[GenerateSerializer]
public abstract class Transaction
{
    [Id(0)] public Guid Guid { get; set; }
    [Id(1)] public string? Description { get; set; }
    [Id(2)] public DateTime IssueTime { get; set; }
}

[GenerateSerializer]
public class DepositTransaction : Transaction
{
    [Id(0)] public uint DepositAmount { get; set; }
}

[GenerateSerializer]
public class WithdrawalTransaction : Transaction
{
    [Id(0)] public uint WithdrawalAmount { get; set; }
}
