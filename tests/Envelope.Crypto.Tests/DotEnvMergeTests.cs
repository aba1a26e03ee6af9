namespace Envelope.Crypto.Tests;

public sealed class DotEnvMergeTests
{
    [Fact]
    public void Merge_ThreeLevels_DeepestWinsInFirstSeenOrder()
    {
        var project = DotEnv.Parse("A=project\nB=project\nC=project\n");
        var target = DotEnv.Parse("B=target\nD=target\n");
        var environment = DotEnv.Parse("C=environment\nA=environment\nE=environment\n");

        var merged = DotEnv.Merge(project, target, environment);

        Assert.Equal(
            [
                new KeyValuePair<string, string>("A", "environment"),
                new KeyValuePair<string, string>("B", "target"),
                new KeyValuePair<string, string>("C", "environment"),
                new KeyValuePair<string, string>("D", "target"),
                new KeyValuePair<string, string>("E", "environment"),
            ],
            merged);
        Assert.Equal(["A", "B", "C", "D", "E"], merged.Keys);
    }

    [Fact]
    public void Merge_NullLevels_AreSkipped()
    {
        var merged = DotEnv.Merge(null, DotEnv.Parse("A=1"), null);

        Assert.Equal("1", Assert.Single(merged).Value);
    }

    [Fact]
    public void Merge_NoLevels_IsEmpty()
    {
        Assert.Empty(DotEnv.Merge());
    }

    [Fact]
    public void Merge_KeysDifferingInCase_StayDistinct()
    {
        var merged = DotEnv.Merge(DotEnv.Parse("key=1"), DotEnv.Parse("KEY=2"));

        Assert.Equal(2, merged.Count);
        Assert.False(merged.ContainsKey("Key"));
    }

    [Fact]
    public void Merge_ThenSerialize_WritesMergedDocument()
    {
        var merged = DotEnv.Merge(DotEnv.Parse("A=1\nB=2"), DotEnv.Parse("B=3"));

        Assert.Equal("A=1\nB=3\n", DotEnv.Serialize(merged));
    }
}
