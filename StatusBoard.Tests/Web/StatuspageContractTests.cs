using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Maintenance;

namespace StatusBoard.Tests.Web;

/// <summary>
/// Every field name of the real Statuspage responses in shared/reference/statuspage-v2 is present in StatusBoard's
/// response for the same endpoint, with a JSON type that field has in the reference files.
/// </summary>
public sealed class StatuspageContractTests(StatuspageContractTests.App app) : IClassFixture<StatuspageContractTests.App>
{
    /// <summary>An app with one open incident, one maintenance window and a component group, so list elements and groups are compared too.</summary>
    public sealed class App : IAsyncLifetime
    {
        public StatusBoardApp Server { get; } = new(new Dictionary<string, string?>
        {
            ["StatusBoard:ComponentGroups:0:Key"] = "wallet",
            ["StatusBoard:ComponentGroups:0:Names:en"] = "Wallet",
            ["StatusBoard:ComponentGroups:0:Names:zh-CN"] = "钱包",
            ["StatusBoard:Components:1:Group"] = "wallet",
        });

        public async ValueTask InitializeAsync()
        {
            Server.Client();
            var now = TimeProvider.System.GetUtcNow();
            await Server.Services.GetRequiredService<IncidentStore>().SaveAsync(new Incident
            {
                Id = "contract1",
                Title = "Payments failing in sg",
                Status = IncidentStatus.Investigating,
                Impact = Impact.Minor,
                Scope = Scope.Regional,
                Regions = ["sg"],
                Components = [new AffectedComponent("payments", "Payments", HealthStatus.PartialOutage)],
                StartedAt = now.AddMinutes(-5),
                DetectedAt = now.AddMinutes(-3),
                UpdatedAt = now.AddMinutes(-3),
                Updates = [new IncidentUpdate("upd1", IncidentStatus.Investigating, "Investigating", now.AddMinutes(-3))
                {
                    Components = [new AffectedComponent("payments", "Payments", HealthStatus.PartialOutage)],
                }],
            }, CancellationToken.None);
            await Server.Services.GetRequiredService<MaintenanceSchedule>().AddAsync(new MaintenanceWindow
            {
                Id = "maint1",
                Title = "Gateway upgrade",
                Message = "Payments may be slow.",
                Components = ["payments"],
                StartsAt = now.AddDays(1),
                EndsAt = now.AddDays(1).AddHours(1),
                CreatedAt = now,
            }, CancellationToken.None);
        }

        public ValueTask DisposeAsync()
        {
            Server.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private static readonly string ReferenceDirectory = FindReferences();

    public static TheoryData<string, string> Endpoints => new()
    {
        { "summary.json", "discord-2022-02-15.summary.json" },
        { "summary.json", "github-2022-11-25.summary.json" },
        { "status.json", "discord-2022-02-15.status.json" },
        { "components.json", "discord-2022-02-15.components.json" },
        { "incidents.json", "discord-2022-02-15.incidents.json" },
        { "incidents/unresolved.json", "discord-2022-02-15.incidents.unresolved.json" },
        { "scheduled-maintenances.json", "discord-2022-02-15.scheduled-maintenances.json" },
        { "scheduled-maintenances/upcoming.json", "discord-2022-02-15.scheduled-maintenances.upcoming.json" },
        { "scheduled-maintenances/active.json", "discord-2022-02-15.scheduled-maintenances.active.json" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_HasEveryReferenceFieldWithItsType(string endpoint, string referenceFile)
    {
        var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(ReferenceDirectory, referenceFile))).RootElement;
        var ours = await app.Server.Client().GetJsonAsync("/api/v2/" + endpoint);
        var problems = new List<string>();

        Compare(reference, ours, "$", KindsSeen.Value, problems);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        var page = ours.GetProperty("page");
        Assert.True(Uri.TryCreate(page.GetProperty("url").GetString(), UriKind.Absolute, out _));
        Assert.True(DateTimeOffset.TryParse(page.GetProperty("updated_at").GetString(), out _));
        Assert.Matches("(Z|[+-]\\d\\d:\\d\\d)$", page.GetProperty("updated_at").GetString()!);
    }

    [Fact]
    public async Task Summary_ComponentsAndIndicator_UseStatuspageWords()
    {
        var summary = await app.Server.Client().GetJsonAsync("/api/v2/summary.json");

        Assert.Contains(summary.GetProperty("status").GetProperty("indicator").GetString(), new[] { "none", "minor", "major", "critical" });
        var components = summary.GetProperty("components").EnumerateArray().ToList();
        // A group comes before its members, as on Statuspage: an entry of its own that lists them, each naming it.
        Assert.Equal(["Payments", "Wallet", "Wallet balance"], components.Select(c => c.GetProperty("name").GetString()));
        Assert.True(components[1].GetProperty("group").GetBoolean());
        Assert.Equal([components[2].GetProperty("id").GetString()], components[1].GetProperty("components").EnumerateArray().Select(id => id.GetString()));
        Assert.Equal(components[1].GetProperty("id").GetString(), components[2].GetProperty("group_id").GetString());
        Assert.All(components, c => Assert.Contains(c.GetProperty("status").GetString(),
            new[] { "operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance" }));
        Assert.Equal(components[0].GetProperty("id").GetString(), (await app.Server.Client().GetJsonAsync("/api/v2/components.json")).GetProperty("components")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Status_HealthyComponentsWithAnOpenManualMinorIncident_IsMinor()
    {
        var status = await app.Server.Client().GetJsonAsync("/api/v2/status.json");

        Assert.Equal("minor", status.GetProperty("status").GetProperty("indicator").GetString());
    }

    [Fact]
    public async Task Summary_IsReadableFromAnyOrigin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/summary.json");
        request.Headers.Add("Origin", "https://wallet.example");

        using var response = await app.Server.Client().SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    private static readonly Lazy<Dictionary<string, HashSet<string>>> KindsSeen = new(() =>
    {
        var kinds = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(ReferenceDirectory, "*.json"))
        {
            Collect(JsonDocument.Parse(File.ReadAllText(file)).RootElement, "$", kinds);
        }

        return kinds;
    });

    private static void Collect(JsonElement element, string path, Dictionary<string, HashSet<string>> kinds)
    {
        if (!kinds.TryGetValue(path, out var seen))
        {
            kinds[path] = seen = [];
        }

        seen.Add(Kind(element));
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                Collect(property.Value, Shape(path, property.Name), kinds);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, path + "[]", kinds);
            }
        }
    }

    /// <summary>
    /// Paths share their shape across wrappers: an incident inside a summary is an incident, a scheduled maintenance
    /// is an incident with two more fields, and a component is a component wherever it is listed.
    /// </summary>
    private static string Shape(string path, string name) => name switch
    {
        "incidents" or "scheduled_maintenances" => "$.incidents",
        "components" => "$.components",
        _ => path + "." + name,
    };

    private static void Compare(JsonElement reference, JsonElement ours, string path, Dictionary<string, HashSet<string>> kinds, List<string> problems)
    {
        switch (reference.ValueKind)
        {
            case JsonValueKind.Object when ours.ValueKind == JsonValueKind.Object:
                foreach (var property in reference.EnumerateObject())
                {
                    if (!ours.TryGetProperty(property.Name, out var value))
                    {
                        problems.Add($"{path}.{property.Name} is missing");
                    }
                    else
                    {
                        Compare(property.Value, value, Shape(path, property.Name), kinds, problems);
                    }
                }

                break;
            case JsonValueKind.Array when ours.ValueKind == JsonValueKind.Array:
                if (reference.GetArrayLength() > 0)
                {
                    foreach (var item in ours.EnumerateArray())
                    {
                        Compare(reference[0], item, path + "[]", kinds, problems);
                    }
                }

                break;
            default:
                var allowed = kinds.GetValueOrDefault(path) ?? [Kind(reference)];
                if (!allowed.Contains(Kind(ours)))
                {
                    problems.Add($"{path} is {Kind(ours)}, the reference has {string.Join(" or ", allowed)}");
                }

                break;
        }
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        var kind => kind.ToString().ToLowerInvariant(),
    };

    private static string FindReferences()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "reference", "statuspage-v2");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/reference/statuspage-v2 was not found above " + AppContext.BaseDirectory);
    }
}
