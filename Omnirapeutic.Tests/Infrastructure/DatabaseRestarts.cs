namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>Tests that restart the shared PostgreSQL: xunit runs this collection alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(DatabaseRestarts), DisableParallelization = true)]
public sealed class DatabaseRestarts;
