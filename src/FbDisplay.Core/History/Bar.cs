namespace FbDisplay.Core.History;

/// <summary>One bar of a history graph: the samples that fell into one time bucket.</summary>
public readonly record struct Bar(long StartUnixSeconds, float Min, float Max, float Average, int Count)
{
    public bool HasValue => Count > 0;
}
