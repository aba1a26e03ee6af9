namespace Envelope.Reliability.Tests;

/// <summary>Runs the soak after every other test, with nothing beside it.</summary>
[CollectionDefinition(SoakTests.Alone, DisableParallelization = true)]
public sealed class SoakCollection;
