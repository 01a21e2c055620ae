namespace ReadModels.Queries;

/// <summary>Which projection answers lookups and which answers search (null: none kept here).</summary>
public sealed record UserModelNames(string? Directory, string? Search);
