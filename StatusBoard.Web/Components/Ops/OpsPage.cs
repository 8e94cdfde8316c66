using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using StatusBoard.Web.Accounts;

namespace StatusBoard.Web.Components.Ops;

/// <summary>
/// A dashboard page: knows its user, and checks the role again inside every action, so that the server refuses what a
/// role may not do even if the button were shown; what it asks of the stores stops when it closes (<see cref="Closing"/>).
/// </summary>
public abstract class OpsPage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _closing = new();

    protected OpsPage() => Closing = _closing.Token;

    /// <summary>Ends when the page closes (navigated away from, or its circuit gone): every call the page makes is given it.</summary>
    protected CancellationToken Closing { get; }

    public void Dispose()
    {
        _closing.Cancel();
        OnClosing();
        _closing.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>What a page lets go of when it closes: its subscriptions and timers.</summary>
    protected virtual void OnClosing()
    {
    }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    protected string? Refusal { get; set; }

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    /// <summary>
    /// A toast once a change took effect ("Saved “Refunds”."): every /ops page says so the same way, and it outlives a
    /// navigation to the page of what was saved. Refusals stay on the form, by their fields.
    /// </summary>
    protected void Toast(string message) => Snackbar.Add(message, Severity.Success, options => options.ShowCloseIcon = true);

    protected async Task<bool> MayAsync(string role)
    {
        var user = AuthenticationState is null ? null : (await AuthenticationState).User;
        if (Roles.Allows(user, role))
        {
            Refusal = null;
            return true;
        }

        Refusal = $"Your role may not do this; it needs {role}.";
        return false;
    }

    protected async Task<string> UserNameAsync() =>
        AuthenticationState is null ? "unknown" : (await AuthenticationState).User.Identity?.Name ?? "unknown";

    /// <summary>A checkbox of a list of things picked (components, mostly): ticked adds the key, unticked removes it.</summary>
    protected static void Pick(ISet<string> picked, string key, bool on)
    {
        if (on)
        {
            picked.Add(key);
        }
        else
        {
            picked.Remove(key);
        }
    }

    protected async Task<bool> IsAsync(string role) =>
        AuthenticationState is not null && Roles.Allows((await AuthenticationState).User, role);
}
