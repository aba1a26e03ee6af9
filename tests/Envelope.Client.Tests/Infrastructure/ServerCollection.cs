namespace Envelope.Client.Tests.Infrastructure;

/// <summary>One server for the whole suite: starting it costs more than every test together.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<EnvelopeServer>
{
    public const string Name = "Envelope server";
}
