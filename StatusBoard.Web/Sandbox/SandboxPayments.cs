using System.Collections.Concurrent;

namespace StatusBoard.Web.Sandbox;

/// <summary>The sandbox's payments, kept in memory and bounded: the oldest are forgotten first.</summary>
public sealed class SandboxPayments(TimeProvider time)
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<string, SandboxPayment> _payments = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public SandboxPayment Create(string region, string amount, string currency, bool stuck)
    {
        var payment = new SandboxPayment($"pay_{Guid.NewGuid():N}", region, amount, currency, time.GetUtcNow(), stuck);
        _payments[payment.Id] = payment;
        _order.Enqueue(payment.Id);
        while (_order.Count > Capacity && _order.TryDequeue(out var old))
        {
            _payments.TryRemove(old, out _);
        }

        return payment;
    }

    public SandboxPayment? Find(string region, string id) =>
        _payments.TryGetValue(id, out var payment) && payment.Region == region ? payment : null;

    public void Update(SandboxPayment payment) => _payments[payment.Id] = payment;
}

public sealed record SandboxPayment(string Id, string Region, string Amount, string Currency, DateTimeOffset CreatedAt, bool Stuck)
{
    public bool Refunded { get; init; }
}
