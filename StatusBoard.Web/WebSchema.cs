using StatusBoard.Probes.Storage;

namespace StatusBoard.Web;

/// <summary>
/// The tables the web app's features own, each made by the scripts beside its store and brought up to date after the
/// engine's (<see cref="Database.MigrateAsync"/>).
/// </summary>
public static class WebSchema
{
    public static IReadOnlyList<SchemaModule> Modules { get; } =
        [Accounts.UserStore.Schema, Api.ApiKeys.Schema, Agents.AgentKeys.Schema, Security.DatabaseXmlRepository.Schema, Subscribers.SubscriberStore.Schema];

    public static IServiceCollection AddWebSchema(this IServiceCollection services)
    {
        foreach (var module in Modules)
        {
            services.AddSingleton(module);
        }

        return services;
    }
}
