namespace Omnirapeutic.Web.Live;

/// <summary>
/// In-process fan-out to Blazor components (eShop's notifier pattern): subscribe after first render, marshal
/// with <c>InvokeAsync</c>, unsubscribe in <c>Dispose</c>. <see cref="Resynchronize"/> fires after the listener
/// reconnects: updates may have been missed, so pages re-read.
/// </summary>
public sealed partial class BalanceNotifier(ILogger<BalanceNotifier> logger)
{
    public event Func<BalanceUpdate, Task>? BalanceChanged;

    public event Func<Task>? Resynchronize;

    internal Task PublishAsync(BalanceUpdate update) => InvokeAllAsync(BalanceChanged, handler => handler(update));

    internal Task ResynchronizeAsync() => InvokeAllAsync(Resynchronize, handler => handler());

    private async Task InvokeAllAsync<THandler>(THandler? handlers, Func<THandler, Task> invoke)
        where THandler : Delegate
    {
        foreach (var handler in handlers?.GetInvocationList().Cast<THandler>() ?? [])
        {
            try
            {
                await invoke(handler);
            }
            catch (Exception e)
            {
                // One broken subscriber (a closed circuit) must not stop the others.
                LogSubscriberFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live-update subscriber failed")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception);
}
