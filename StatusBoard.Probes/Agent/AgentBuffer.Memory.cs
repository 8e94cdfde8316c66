using Microsoft.Data.Sqlite;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Agent;

/// <summary>
/// The buffer when its file takes no more (a full disk, <see cref="MaxBytes"/> reached): the newest results wait in
/// memory, are delivered from there once the file has nothing older, and go back to the file when it takes them again.
/// </summary>
public sealed partial class AgentBuffer
{
    private readonly Lock _memoryGate = new();
    private readonly LinkedList<(long Seq, ProbeResult Result)> _memory = new();
    private long _memorySeq;
    private long _droppedFromMemory;
    private DateTimeOffset? _fullSince;

    /// <summary>Keeps a result the file would not take: newest kept, the oldest let go past <see cref="MaxInMemory"/>.</summary>
    private void KeepInMemory(ProbeResult result, SqliteException exception)
    {
        lock (_memoryGate)
        {
            if (_fullSince is null)
            {
                _fullSince = _time.GetUtcNow();
                _logger.LogError("The agent's buffer {Path} takes no more results ({Problem}); the newest {Limit} wait in memory and are delivered from there until it does",
                    _path, exception.Message, MaxInMemory);
            }

            _memory.AddLast((++_memorySeq, result));
            while (_memory.Count > MaxInMemory)
            {
                _memory.RemoveFirst();
                _droppedFromMemory++;
            }
        }
    }

    /// <summary>The file takes results again: what waited in memory goes to it, in order, unless a delivery has it now.</summary>
    private async Task BackToDiskAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        if (!await _exclusive.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            return;
        }

        try
        {
            List<(long Seq, ProbeResult Result)> waiting;
            lock (_memoryGate)
            {
                waiting = [.. _memory];
            }

            var moved = 0;
            try
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
                foreach (var (_, result) in waiting)
                {
                    moved += await InsertAsync(connection, "outgoing", result.Id, Json.Serialize(result), transaction, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }
            catch (SqliteException exception) when (exception.SqliteErrorCode is SqliteFull or SqliteIoError)
            {
                return;
            }

            Interlocked.Add(ref _count, moved);
            lock (_memoryGate)
            {
                var last = waiting.Count > 0 ? waiting[^1].Seq : 0;
                while (_memory.First is { } first && first.Value.Seq <= last)
                {
                    _memory.RemoveFirst();
                }

                if (_memory.Count == 0)
                {
                    _logger.LogWarning("The agent's buffer {Path} takes results again (it was full since {Since:O}; {Dropped} results were let go meanwhile)", _path, _fullSince, _droppedFromMemory);
                    _fullSince = null;
                }
            }
        }
        finally
        {
            _exclusive.Release();
        }
    }

    /// <summary>The oldest results waiting in memory, delivered once the file has nothing older; called holding the buffer.</summary>
    private async Task<bool> SendFromMemoryAsync(int max, Func<AgentBatch, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        List<(long Seq, ProbeResult Result)> batch;
        lock (_memoryGate)
        {
            batch = _memory.Take(max).ToList();
        }

        if (batch.Count == 0)
        {
            return false;
        }

        await send(new AgentBatch($"{_id}:m{batch[0].Seq}-{batch[^1].Seq}", batch.Select(entry => entry.Result).ToList(), []), cancellationToken);
        lock (_memoryGate)
        {
            while (_memory.First is { } first && first.Value.Seq <= batch[^1].Seq)
            {
                _memory.RemoveFirst();
            }
        }

        return true;
    }
}
