using Bunit;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Tests.Support;

/// <summary>The one bUnit context of the dashboard tests: MudBlazor, loose JS interop, a catalog in memory, a signed-in role.</summary>
public abstract class OpsTestContext : BunitContext
{
    protected OpsTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Catalog = new ProbeCatalog(new MemoryCatalogStore(), new ProbesConfiguration
        {
            Components = [("StatusBoard:Components:0", new ComponentDocument { Key = "payments", Names = new() { ["en"] = "Payments" } })],
            LocalRegions = ["cn-east", "sg"],
        }, TimeProvider.System, NullLogger<ProbeCatalog>.Instance);
        Catalog.LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
        Services.AddSingleton(Catalog);
    }

    protected ProbeCatalog Catalog { get; }

    protected void SignInAs(string role) => AddAuthorization().SetAuthorized("Test " + role).SetRoles(role);

    private sealed class MemoryCatalogStore : ICatalogStore
    {
        private readonly Dictionary<string, ProbeDocument> _probes = [];

        public Task<IReadOnlyList<ProbeDocument>> LoadProbesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ProbeDocument>>(_probes.Values.ToList());

        public Task SaveProbeAsync(ProbeDocument probe, DateTimeOffset now, CancellationToken cancellationToken, UnitOfWork? work = null)
        {
            _probes[probe.Key!] = probe;
            return Task.CompletedTask;
        }

        public Task<bool> DeleteProbeAsync(string key, CancellationToken cancellationToken, UnitOfWork? work = null) => Task.FromResult(_probes.Remove(key));

        public Task<IReadOnlyList<ComponentDocument>> LoadComponentsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ComponentDocument>>([]);

        public Task SaveComponentAsync(ComponentDocument component, DateTimeOffset now, CancellationToken cancellationToken, UnitOfWork? work = null) => Task.CompletedTask;

        public Task<bool> DeleteComponentAsync(string key, CancellationToken cancellationToken, UnitOfWork? work = null) => Task.FromResult(false);

        public Task<IReadOnlyList<string>> LoadPausedAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

        public Task SetPausedAsync(string probe, bool paused, string by, DateTimeOffset now, CancellationToken cancellationToken, UnitOfWork? work = null) => Task.CompletedTask;
    }
}
