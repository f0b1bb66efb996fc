using MudBlazor;
using Omnirapeutic.Core;

namespace Omnirapeutic.Web.Components.Submissions;

/// <summary>
/// Sends one form's change and turns every failure a person can act on into a message, shown in a snackbar and
/// returned for the form to show beside its fields: a domain refusal keeps its own text, a database that went
/// away says whether anything may have been saved. The idempotency key stays the same until the change gets an
/// answer, so the retry after a broken commit replays the first answer instead of saving twice. Components get
/// their own instance (transient): one key per opened dialog or form.
/// </summary>
public sealed partial class Submission(ISnackbar snackbar, ILogger<Submission> logger)
{
    public string IdempotencyKey { get; private set; } = NewKey();

    public bool Busy { get; private set; }

    /// <summary>Runs <paramref name="change"/> with the form's current idempotency key.</summary>
    /// <param name="onRefused">What the form does after a domain refusal, before the message is returned (such as reading again what changed).</param>
    /// <returns>Null once the change is saved; otherwise the message the person was shown.</returns>
    public async Task<string?> RunAsync(Func<string, Task> change, Func<Task>? onRefused = null)
    {
        Busy = true;
        try
        {
            await change(IdempotencyKey);
            IdempotencyKey = NewKey();
            return null;
        }
        catch (DomainException refusal)
        {
            // The refusal is this key's answer: the form sent again, corrected or not, is a new request.
            IdempotencyKey = NewKey();
            snackbar.Add(refusal.Message, Severity.Error);
            if (onRefused is not null)
            {
                await onRefused();
            }

            return refusal.Message;
        }
        catch (Exception failure) when (DatabaseOutage.Describe(failure) is { } message)
        {
            LogUnsaved(logger, failure);
            snackbar.Add(message, message == DatabaseOutage.MaybeSaved ? Severity.Warning : Severity.Error);
            return message;
        }
        finally
        {
            Busy = false;
        }
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");

    [LoggerMessage(Level = LogLevel.Warning, Message = "A form's change failed because the database is unavailable")]
    private static partial void LogUnsaved(ILogger logger, Exception exception);
}
