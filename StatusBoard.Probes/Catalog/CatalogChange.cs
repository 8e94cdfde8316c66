namespace StatusBoard.Probes.Catalog;

/// <summary>The answer to a change of the catalog: done, or why not.</summary>
public abstract record CatalogChange
{
    private CatalogChange()
    {
    }

    public sealed record Done<T>(T Value) : CatalogChange;

    public sealed record Invalid(ValidationErrors Errors) : CatalogChange;

    public sealed record NotFound(string Key) : CatalogChange;

    public sealed record Conflict(string Message) : CatalogChange;
}
