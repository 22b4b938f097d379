/// What a failed call to another system (the chat platform, the tracker) did there, as far as the caller can tell.
///
/// Adapters say it; the delivery service acts on it: a call that had no effect is simply made again, one that may
/// have had its effect is first looked for (by its marker) so that it is not made twice.
public enum CallOutcome: Sendable, Equatable {
    /// The call certainly did nothing: it was refused, or it never reached the other side (no connection
    /// could be made). Making it again cannot duplicate anything.
    case noEffect
    /// The request went out but no whole answer came back (the connection dropped, the server failed):
    /// it may or may not have taken effect. Look before repeating a call that is not idempotent.
    case unknown
    /// The request went out and the caller stopped waiting (a timeout): the other side may still be working
    /// on it, so it may take effect later. Wait a while, then look before repeating it.
    case mayStillLand
}

/// Whether, and when, a failed call is worth making again.
public enum RetryAdvice: Sendable, Equatable {
    /// The failure may pass by itself (an outage, a timeout): try again after a growing delay.
    case withBackoff
    /// The other side said when (`Retry-After`): not before this many seconds.
    case after(seconds: Double)
    /// The credentials are refused: no call works until an operator fixes them, and then every call will again.
    case whenCredentialsWork
    /// Retrying will not help.
    case never
}

/// An adapter's error type that can say "worth retrying, with this outcome" and "not worth retrying".
///
/// It lets every adapter read a transport failure the same way (`TransportError.adapterError()` in TocsinHTTP)
/// instead of each one matching the transport's codes.
public protocol TransientOrPermanentError: Error {
    /// A failure worth retrying later; `reason` is a short code for logs only.
    static func transient(_ reason: String, outcome: CallOutcome) -> Self
    /// A failure retrying will not fix; `reason` is a short code for logs only.
    static func permanent(_ reason: String) -> Self
}
