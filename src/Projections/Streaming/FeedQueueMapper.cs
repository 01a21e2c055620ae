using Orleans.Streams;

namespace RedisEventSourcing.Projections.Streaming;

/// <summary>
/// One Orleans queue per partition feed, queue number = partition number. The queues sit evenly
/// on the consistent ring (as Orleans' <c>HashRingBasedStreamQueueMapper</c> places its queues), so
/// Orleans' default ring balancer spreads partitions over silos; unlike that mapper, a stream is
/// not hashed to a queue but goes to the queue of the partition it names.
/// </summary>
public sealed class FeedQueueMapper : IConsistentRingStreamQueueMapper
{
    private readonly QueueId[] _queues;

    public FeedQueueMapper(string providerName, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var spacing = (uint)(uint.MaxValue / (ulong)partitions);
        _queues = new QueueId[partitions];
        for (var partition = 0; partition < partitions; partition++)
            _queues[partition] = QueueId.GetQueueId(providerName, (uint)partition, spacing * (uint)partition);
    }

    public int Partitions => _queues.Length;

    public IEnumerable<QueueId> GetAllQueues() => _queues;

    public IEnumerable<QueueId> GetQueuesForRange(IRingRange range) =>
        _queues.Where(queue => range.InRange(queue.GetUniformHashCode())).ToList();

    public QueueId GetQueueForStream(Orleans.Runtime.StreamId streamId) =>
        FeedStream.TryGetPartition(streamId, out var partition) && partition < _queues.Length
            ? _queues[partition]
            : throw new ArgumentException($"Stream '{streamId}' is not a partition feed: the namespace must be '{FeedStream.Namespace}' and the key a partition number below {_queues.Length} written with at least two digits.", nameof(streamId));

    public static int PartitionOf(QueueId queue) => (int)queue.GetNumericId();
}
