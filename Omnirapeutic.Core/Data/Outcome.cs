using System.Runtime.ExceptionServices;

namespace Omnirapeutic.Core.Data;

/// <summary>What one piece of work in a shared transaction came to: a value, or the refusal its caller gets.</summary>
public readonly struct Outcome<T>
{
    private readonly T? _value;
    private readonly Exception? _failure;

    private Outcome(T? value, Exception? failure)
    {
        _value = value;
        _failure = failure;
    }

    public static Outcome<T> Of(T value) => new(value, null);

    public static Outcome<T> Failed(Exception failure) => new(default, failure);

    /// <summary>The value, or the failure thrown with its original stack.</summary>
    public T Value()
    {
        if (_failure is not null)
        {
            ExceptionDispatchInfo.Throw(_failure);
        }

        return _value!;
    }

    public void SettleInto(TaskCompletionSource<T> completion)
    {
        if (_failure is null)
        {
            completion.TrySetResult(_value!);
        }
        else
        {
            completion.TrySetException(_failure);
        }
    }
}
