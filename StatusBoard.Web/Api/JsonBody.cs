using System.Text.Json;

namespace StatusBoard.Web.Api;

/// <summary>Reads a JSON request body, turning every way it can be wrong into a clear 4xx problem.</summary>
public static class JsonBody
{
    public const long MaxBytes = 256 * 1024;

    public static Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext http) where T : class => ReadAsync<T>(http, MaxBytes);

    /// <summary>
    /// Says in <c>/openapi/v1.json</c> what a handler reads with <see cref="ReadAsync{T}(HttpContext)"/>: a body of
    /// <typeparamref name="T"/> (JSON, or the other <paramref name="contentTypes"/>), and the problems a body that is not
    /// one gets (400 malformed or invalid, 413, 415). Not routing's <c>Accepts</c>: that would answer 415 before the
    /// caller's key is even looked at, and without the handler's clear words.
    /// </summary>
    public static RouteHandlerBuilder ReadsJson<T>(this RouteHandlerBuilder endpoint, params string[] contentTypes) where T : class =>
        endpoint.WithMetadata(new ReadsBody(typeof(T), ["application/json", .. contentTypes]))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>Says in <c>/openapi/v1.json</c> that the answer is <typeparamref name="T"/> (with <paramref name="status"/>), or a 404 problem when the address names nothing.</summary>
    public static RouteHandlerBuilder Answers<T>(this RouteHandlerBuilder endpoint, int status = StatusCodes.Status200OK, bool notFound = false)
    {
        endpoint.Produces<T>(status);
        return notFound ? endpoint.ProducesProblem(StatusCodes.Status404NotFound) : endpoint;
    }

    /// <summary>As <see cref="ReadAsync{T}(HttpContext)"/>, for a body of at most <paramref name="maxBytes"/>.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext http, long maxBytes) where T : class
    {
        if (http.Request.ContentLength > maxBytes)
        {
            return (null, Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {maxBytes} bytes."));
        }

        if (http.Request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."));
        }

        try
        {
            using var limited = new MemoryStream();
            await CopyLimitedAsync(http.Request.Body, limited, http.RequestAborted, maxBytes);
            limited.Position = 0;
            var value = await JsonSerializer.DeserializeAsync<T>(limited, Json.Options, http.RequestAborted);
            return value is null
                ? (null, Problem(StatusCodes.Status400BadRequest, "Empty body", "The body must be a JSON object."))
                : (value, null);
        }
        catch (JsonException exception)
        {
            var where = exception.Path is { Length: > 0 } path ? $" at {path}" : "";
            return (null, Problem(StatusCodes.Status400BadRequest, "Malformed JSON", $"The body is not valid JSON for this resource{where} (line {exception.LineNumber + 1}){(exception is JsonShapeException shape ? ": " + shape.Reason : "")}."));
        }
        catch (InvalidDataException)
        {
            return (null, Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {maxBytes} bytes."));
        }
    }

    public static IResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);

    /// <summary>
    /// Writes a problem (RFC 9457) straight to a response, where no endpoint answers (middleware, authentication,
    /// limits): the one shape every refusal has.
    /// </summary>
    public static Task WriteProblemAsync(HttpResponse response, int status, string title, string detail, CancellationToken cancellationToken = default)
    {
        response.StatusCode = status;
        return response.WriteAsJsonAsync(new { type = "about:blank", title, status, detail }, options: null, contentType: "application/problem+json", cancellationToken);
    }

    /// <summary>A text body (JSON or YAML) of at most <paramref name="maxBytes"/>, as UTF-8.</summary>
    public static async Task<(string? Text, IResult? Problem)> ReadTextAsync(HttpContext http, long maxBytes)
    {
        if (http.Request.ContentLength > maxBytes)
        {
            return (null, Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {maxBytes} bytes."));
        }

        try
        {
            using var limited = new MemoryStream();
            await CopyLimitedAsync(http.Request.Body, limited, http.RequestAborted, maxBytes);
            var text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(limited.GetBuffer(), 0, (int)limited.Length);
            return text.Trim().Length == 0 ? (null, Problem(StatusCodes.Status400BadRequest, "Empty body", "Send the document as the body.")) : (text, null);
        }
        catch (InvalidDataException)
        {
            return (null, Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {maxBytes} bytes."));
        }
        catch (System.Text.DecoderFallbackException)
        {
            return (null, Problem(StatusCodes.Status400BadRequest, "Not UTF-8", "The body must be UTF-8 text."));
        }
    }

    private static async Task CopyLimitedAsync(Stream source, Stream destination, CancellationToken cancellationToken, long maxBytes = MaxBytes)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw new InvalidDataException("body too large");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }
}

/// <summary>An endpoint's request body as the OpenAPI document describes it (see <see cref="JsonBody.ReadsJson{T}"/>).</summary>
public sealed record ReadsBody(Type Type, IReadOnlyList<string> ContentTypes);
