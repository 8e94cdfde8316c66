using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace StatusBoard.Web.Services;

/// <summary>
/// Incident updates and postmortems are written in Markdown and shown as HTML: raw HTML in them is shown as text, and
/// links and images may only point to http, https, mailto or this site. Everything else becomes plain text.
/// </summary>
public static class Markdown
{
    public const int MaxLength = 20_000;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UsePipeTables()
        .UseEmphasisExtras()
        .Build();

    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        MarkdownDocument document;
        try
        {
            document = Markdig.Markdown.Parse(markdown, Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig's own nesting limit, applied while parsing (thousands of nested quotes or lists): shown as text.
            return $"<p>{System.Net.WebUtility.HtmlEncode(markdown)}</p>";
        }

        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (!IsSafe(link.Url))
            {
                Unlink(link);
            }
        }

        foreach (var link in document.Descendants<AutolinkInline>().ToList())
        {
            if (!IsSafe(link.Url))
            {
                link.ReplaceBy(new LiteralInline(link.Url));
            }
        }

        return document.ToHtml(Pipeline);
    }

    /// <summary>http(s), mailto, or a path on this site; never javascript:, data:, vbscript: however they are spelled.</summary>
    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        var trimmed = new string(url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        if (trimmed.StartsWith('/') && !trimmed.StartsWith("//", StringComparison.Ordinal) && !trimmed.StartsWith("/\\", StringComparison.Ordinal))
        {
            return true;
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto";
    }

    private static void Unlink(LinkInline link)
    {
        // The words of the link stay; the link itself (or an image's source) goes.
        var text = new ContainerInline();
        foreach (var child in link.ToList())
        {
            child.Remove();
            text.AppendChild(child);
        }

        link.ReplaceBy(text);
    }
}
