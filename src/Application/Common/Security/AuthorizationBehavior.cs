using Mediator;

namespace CleanEventStore.Application.Common.Security;

/// <summary>
/// Refuses a message whose caller lacks what the message declares (<see cref="IRequireAccess"/>), before it is
/// validated or handled, so that a caller learns nothing about a request it may not make. Requirements that only the
/// handler can evaluate (<see cref="AccessRequirement.HandlerChecks"/>) are left to it.
/// </summary>
public sealed class AuthorizationBehavior<TMessage, TResponse>(AccessGuard guard) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var access = message is IRequireAccess declared
            ? declared.Access
            : throw new InvalidOperationException($"{typeof(TMessage).Name} does not declare the access it needs (IRequireAccess).");
        guard.Demand(access);
        return next(message, cancellationToken);
    }
}
