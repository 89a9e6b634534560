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
        switch (access)
        {
            case AccessRequirement.ScopeRequirement { Scope: Domain.Security.AccessScope.Query } query:
                guard.DemandQuery(query.Need);
                break;
            case AccessRequirement.ScopeRequirement admin:
                guard.DemandAdmin(admin.Need);
                break;
            case AccessRequirement.WriteRequirement write:
                guard.DemandWrite(write.Stream);
                if (write.WithCondition)
                {
                    guard.DemandQuery("a DCB condition, which is checked against every stream");
                }

                break;
        }

        return next(message, cancellationToken);
    }
}
