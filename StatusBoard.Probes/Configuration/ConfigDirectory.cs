using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace StatusBoard.Probes.Configuration;

/// <summary>How the last load of the configuration directory went.</summary>
public sealed record ConfigLoad(DateTimeOffset At, IReadOnlyList<string> Files, ConfigPlan? Plan, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// <c>StatusBoard:Config:Directory</c>: every <c>*.json</c>, <c>*.yaml</c> and <c>*.yml</c> file in it, merged into one
/// document and imported at start and whenever a file changes. A file with an error is reported (log, <see cref="Last"/>)
/// and nothing of that load is applied: the last good configuration stays.
/// </summary>
public sealed class ConfigDirectory(ConfigImporter importer, IConfiguration configuration, TimeProvider time, ILogger<ConfigDirectory> logger) : BackgroundService
{
    private readonly SemaphoreSlim _changed = new(0, 1);

    public ConfigLoad? Last { get; private set; }

    public string? Path => configuration["StatusBoard:Config:Directory"] is { Length: > 0 } path ? System.IO.Path.GetFullPath(path) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Path is not { } directory)
        {
            return;
        }

        if (!Directory.Exists(directory))
        {
            logger.LogError("StatusBoard:Config:Directory {Directory} does not exist; no configuration is read from it", directory);
            return;
        }

        using var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false, EnableRaisingEvents = true };
        watcher.Changed += Signal;
        watcher.Created += Signal;
        watcher.Deleted += Signal;
        watcher.Renamed += Signal;
        while (!stoppingToken.IsCancellationRequested)
        {
            await LoadAsync(stoppingToken);
            try
            {
                await _changed.WaitAsync(stoppingToken);
                // Editors write a file in several steps: wait for them to finish before reading.
                await Task.Delay(TimeSpan.FromMilliseconds(500), time, stoppingToken);
                while (_changed.CurrentCount > 0)
                {
                    await _changed.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    /// <summary>Reads and imports the directory once.</summary>
    public async Task<ConfigLoad> LoadAsync(CancellationToken cancellationToken)
    {
        var directory = Path ?? throw new InvalidOperationException("StatusBoard:Config:Directory is not set");
        var files = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        var errors = new ValidationErrors();
        var documents = new List<ConfigDocument>();
        foreach (var file in files)
        {
            var name = System.IO.Path.GetFileName(file);
            var info = new FileInfo(file);
            if (info.Length > ConfigFormat.MaxBytes)
            {
                errors.Add(name, $"is larger than {ConfigFormat.MaxBytes / 1024 / 1024} MB");
                continue;
            }

            var node = ConfigFormat.Parse(await File.ReadAllTextAsync(file, cancellationToken), out var parseError);
            var document = parseError is null ? ConfigFormat.Bind<ConfigDocument>(node, out parseError) : null;
            if (document is null)
            {
                errors.Add(name, parseError ?? "is not a configuration document");
            }
            else
            {
                documents.Add(document);
            }
        }

        ConfigPlan? plan = null;
        if (errors.IsEmpty)
        {
            (plan, errors) = await importer.ImportAsync(ConfigDocument.Merge(documents), dryRun: false, prune: false, cancellationToken);
        }

        Last = new ConfigLoad(time.GetUtcNow(), files.Select(f => System.IO.Path.GetFileName(f)!).ToList(), plan, errors.ToDictionary().AsReadOnly());
        if (errors.IsEmpty)
        {
            logger.LogInformation("Configuration directory {Directory} loaded from {Files} files", directory, files.Count);
        }
        else
        {
            logger.LogError("Configuration directory {Directory} has errors; the last good configuration stays: {Errors}", directory, errors.ToString());
        }

        return Last;
    }

    private void Signal(object sender, FileSystemEventArgs e)
    {
        if (_changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (Exception exception) when (exception is SemaphoreFullException or ObjectDisposedException)
            {
                // Already signalled (one reload covers every change), or shutting down.
            }
        }
    }
}
