namespace Silo.Health;

/// <summary>
/// A check's own deadline, so a check says what did not answer in time; the registration's
/// timeout (a little longer) is only a backstop.
/// </summary>
internal static class CheckTimeout
{
    public static async Task<T> WithinAsync<T>(this Task<T> task, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what} did not answer within {timeout.TotalMilliseconds:0} ms");
        }
    }
}
