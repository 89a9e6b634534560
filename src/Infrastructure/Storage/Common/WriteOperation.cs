namespace CleanEventStore.Infrastructure.Storage.Common;

/// <summary>
/// A request to the writer. Its outcome is set on the writer thread; <see cref="Complete"/> and <see cref="Fail"/>
/// then run the waiting caller's continuation inline, so the writer hands them to the thread pool in a few work
/// items per group (<see cref="CompleteAll"/>) instead of one per operation.
/// </summary>
internal abstract class WriteOperation
{
    private Exception? _failure;

    /// <summary>Fails every operation, each with its own exception from <paramref name="failure"/>, and delivers them.</summary>
    public static void FailAll(IReadOnlyList<WriteOperation> operations, Func<Exception> failure)
    {
        foreach (var operation in operations)
        {
            operation._failure = failure();
        }

        CompleteAll(operations);
    }

    /// <summary>
    /// Delivers the outcomes of <paramref name="operations"/> on the thread pool, split into one work item per
    /// processor: the callers' continuations run there, not on the writer thread. A lone operation with nothing else
    /// queued (<paramref name="writerIdle"/>) is delivered inline: the writer has nothing better to do, and a client
    /// working alone gets its answer without a thread hop.
    /// </summary>
    public static void CompleteAll(IReadOnlyList<WriteOperation> operations, bool writerIdle = false)
    {
        if (writerIdle && operations.Count == 1)
        {
            operations[0].Deliver();
            return;
        }

        var chunks = Math.Clamp(Environment.ProcessorCount, 1, operations.Count);
        var size = (operations.Count + chunks - 1) / chunks;
        for (var start = 0; start < operations.Count; start += size)
        {
            var chunk = new WriteOperation[Math.Min(size, operations.Count - start)];
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = operations[start + i];
            }

            ThreadPool.UnsafeQueueUserWorkItem(
                static batch =>
                {
                    foreach (var operation in batch)
                    {
                        operation.Deliver();
                    }
                },
                chunk,
                preferLocal: false);
        }
    }

    private void Deliver()
    {
        if (_failure is { } failure)
        {
            Fail(failure);
        }
        else
        {
            Complete();
        }
    }

    /// <summary>Completes the waiting task with the outcome (runs the caller's continuation inline).</summary>
    protected abstract void Complete();

    /// <summary>Fails the waiting task (runs the caller's continuation inline).</summary>
    protected abstract void Fail(Exception exception);
}
