export const id = 224;
export const ids = [224];
export const modules = {

/***/ 9388:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Mo: () => (/* binding */ SPREAD),
/* harmony export */   T6: () => (/* binding */ WriteTurn),
/* harmony export */   pA: () => (/* binding */ AdaptiveBackoff),
/* harmony export */   rn: () => (/* binding */ ContentionMeter),
/* harmony export */   s6: () => (/* binding */ heldForTurn),
/* harmony export */   wk: () => (/* binding */ BranchMovedError)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/**
 * Writing under contention: what an adapter tells the verb when the branch is busy, and how long
 * the verb waits before it looks again.
 *
 * A failed compare-and-swap costs a write request (GitHub counts those against its secondary
 * limits); looking at the branch costs none. So an adapter looks just before writing and writes
 * only when the branch is quiet. When it moved but none of the files the change was computed from
 * did (the per-file check GitLab's `last_commit_id` makes on the server), the change is still
 * right on the new head: the adapter says so with BranchMovedError (`keepPlan`) and the verb
 * waits and tries again with the same plan, reading nothing again.
 */

/** The branch is busy; `keepPlan`: none of our files moved, the edit still applies on the new head. */
class BranchMovedError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConflictError */ .fK {
    head;
    landed;
    keepPlan;
    seen;
    constructor(message, fix, 
    /** The head found just now. */
    head, 
    /** Commits that landed between our parent and that head, where the forge said. */
    landed, keepPlan, seen) {
        super(message, fix);
        this.head = head;
        this.landed = landed;
        this.keepPlan = keepPlan;
        this.seen = seen;
    }
}
function header(h, name) {
    if (!h)
        return undefined;
    const v = typeof h.get === 'function' ? h.get(name) : h[name];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}
/**
 * The forge's count of requests made on our credential in the current rate-limit window, if it
 * sends one. GitHub: `x-ratelimit-used` of the `core` resource, on every REST answer. GitLab:
 * `RateLimit-Observed` (Rack Attack's count for the user, in a window ending at
 * `RateLimit-Reset`), on GitLab.com and on a self-managed instance with the API throttle enabled —
 * there on throttled answers only unless unthrottled answers are set to carry it too.
 */
function requestCount(h) {
    const github = header(h, 'x-ratelimit-used');
    if (github !== undefined) {
        const resource = header(h, 'x-ratelimit-resource');
        if (resource !== undefined && resource !== 'core')
            return undefined;
        return { used: Number(github), reset: header(h, 'x-ratelimit-reset') };
    }
    const gitlab = header(h, 'ratelimit-observed');
    if (gitlab === undefined)
        return undefined;
    // A web or git throttle's count says nothing of API clients.
    const name = header(h, 'ratelimit-name');
    if (name !== undefined && !/api/.test(name))
        return undefined;
    // Rack Attack counts in fixed windows: a later reset is a new window.
    const reset = header(h, 'ratelimit-reset');
    return { used: Number(gitlab), reset, fixedWindows: reset !== undefined && Number.isFinite(Number(reset)) };
}
/**
 * What an API client can see of others at no cost: the forge's request count for the credential
 * (see requestCount: an App installation, a PAT, a repository's GITHUB_TOKEN; a GitLab user,
 * which a CI_JOB_TOKEN acts as) moving by more than our own requests means other clients are at
 * work — during a release train, other promotions. And the latency of our own requests.
 */
class ContentionMeter {
    own = 0;
    firstOwn = -1;
    /** The current window: the count before our first request in it, our requests then, the highest count, its reset. */
    window = { used: -1, own: 0, max: -1, reset: undefined };
    /** Others' requests in earlier windows. */
    carried = 0;
    lastReadMs;
    writeMs;
    /** One response (or error response) of ours, with its headers and how long it took. */
    observe(headers, ms, write) {
        if (write)
            this.writeMs = this.writeMs === undefined ? ms : 0.7 * this.writeMs + 0.3 * ms;
        else
            this.lastReadMs = ms;
        const count = requestCount(headers);
        if (!count || !Number.isFinite(count.used))
            return;
        this.own++;
        if (this.firstOwn < 0)
            this.firstOwn = this.own - 1;
        const w = this.window;
        // A new window counts from zero again. With fixed windows (GitLab), a later reset says so and
        // an earlier one is a late answer from the window before. Otherwise (GitHub, whose window
        // moves at its first request): well below the highest count, with another reset time —
        // answers arrive out of order, so a slightly lower count alone is no new window.
        const later = Number(count.reset) - Number(w.reset);
        if (count.fixedWindows && w.used >= 0 && later < 0) {
            // Ours, but counted in the window before: not one of this window's.
            w.own++;
            return;
        }
        const newWindow = w.used < 0 ||
            (count.fixedWindows ? later > 0 : count.used < w.max / 2 && (count.reset === undefined ? count.used < w.max - 1000 : count.reset !== w.reset));
        if (newWindow) {
            // All the count before ours in a window that started again is others' (none of ours: the
            // window opened after our last answer); before our very first request, nobody knows.
            this.carried += this.foreignIn(w);
            this.window = { used: w.used < 0 ? count.used - 1 : 0, own: this.own - 1, max: count.used, reset: count.reset };
            return;
        }
        w.max = Math.max(w.max, count.used);
        if (count.used === w.max)
            w.reset = count.reset;
    }
    foreignIn(w) {
        return w.used < 0 ? 0 : Math.max(0, w.max - w.used - (this.own - 1 - w.own));
    }
    /** Whether this forge counts our requests where we can see it (else nothing here knows of others). */
    get counting() {
        return this.firstOwn >= 0;
    }
    /**
     * Clients at work since our first request, us included: the others did what we did meanwhile
     * (planned a promotion), so it is their requests over ours, plus one.
     */
    writersWhilePlanning() {
        if (this.firstOwn < 0)
            return 1;
        return 1 + this.foreign() / Math.max(1, this.ownRequests());
    }
    /** Others' requests on the credential since our first counted one. */
    foreign() {
        const w = this.window;
        return this.carried + Math.max(0, w.max - w.used - (this.own - w.own));
    }
    /** Our requests since the first counted one. */
    ownRequests() {
        return this.firstOwn < 0 ? 0 : this.own - this.firstOwn;
    }
    /**
     * How long a write of ours is exposed to another's, from the latest read (the look just made, or
     * a read made to time the forge): a look plus a write, or the write alone where the adapter
     * writes without looking (GitLab: the server checks our files itself). What a cycle costs now,
     * not what it cost while every client was planning at once. Before our first write, a write is
     * taken to cost `writePerRead` of that read.
     */
    freshCycleMs(look, writePerRead) {
        if (this.lastReadMs === undefined)
            return undefined;
        const write = this.writeMs ?? writePerRead * this.lastReadMs;
        return look ? this.lastReadMs + write : write;
    }
}
/**
 * Cycles of the window per writer. Writes spread uniformly at one per SPREAD cycles lose to one
 * that landed between their look and their write about 1 - e^(-1/SPREAD) of the time: 28 % at 3,
 * so some 1.4 writes per promotion, within GitHub's secondary limits' 2; the wider, the slower.
 */
const SPREAD = 3;
/**
 * A writer's place in the queue of writers that found the branch busy: drawn once, uniformly, when
 * it first held back. Its write is due at start + place × SPREAD × writers × cycle, with the cycle
 * re-measured at every look, so the writes land spread uniformly over the time the crowd needs.
 *
 * The cycle measured while every client planned at once is no unit: the forge then answered each
 * of them that much slower. Shared among them (latency ÷ writers) it is a floor, and it only
 * decides when to look again. Later looks time the write by the fastest cycle seen; one far above
 * that floor and faster than the look before it may still be slowed by others (the last
 * planners, a stall on a loaded runner): it moves the write at most halfway out, and the next
 * look decides. Where the crowd does not slow the forge (github.com), two looks at the same pace
 * do.
 */
class WriteTurn {
    spread;
    confirm;
    place;
    start;
    writers = 1;
    floorMs = 0;
    /** The shortest cycle a look measured since. */
    bestMs = Infinity;
    done = false;
    losses = 0;
    constructor(random = Math.random, 
    /** Cycles per writer (SPREAD unless the forge exposes a write for less than a whole cycle). */
    spread = SPREAD, 
    /**
     * Trust no single look: where the cycle is timed by one light read scaled up (GitLab: a write
     * taken as four reads), one read slowed by a stall puts the write seconds late.
     */
    confirm = false) {
        this.spread = spread;
        this.confirm = confirm;
        this.place = random();
    }
    /** Hold back: `writers` clients (us included) were seen at work while we planned, and a cycle took `crowdCycleMs` then; the wait before the next look (0: write now). */
    begin(writers, crowdCycleMs, now = performance.now()) {
        this.start = now;
        this.writers = writers;
        this.floorMs = crowdCycleMs / writers;
        // Look again early rather than late: a look costs a read, a late write the crowd's time.
        const wait = this.due(this.floorMs / CALM, now);
        if (wait === 0)
            this.done = true;
        return wait;
    }
    /** At the first look (`first`: begin with `writers`) or a later one: the wait before the next look, 0: write now. */
    at(first, writers, cycleMs) {
        return first ? this.begin(writers, cycleMs) : this.next(cycleMs);
    }
    /** Whether we are still waiting for our place (begun, and not yet written). */
    get waiting() {
        return this.start !== undefined && !this.done;
    }
    /** At a look that measured `cycleMs`: how long to wait before the next look, or 0: write now. */
    next(cycleMs, now = performance.now()) {
        const before = this.bestMs;
        this.bestMs = Math.min(this.bestMs, cycleMs);
        // Calm next to the crowd's floor, or no better than the look before (the forge's pace held).
        const trusted = (before !== Infinity || !this.confirm) && (cycleMs <= CALM * this.floorMs || cycleMs * STEADY >= before);
        const wait = this.due(this.bestMs, now);
        // Due within a cycle: looking again would take longer than the wait.
        if (wait <= this.bestMs) {
            this.done = true;
            return 0;
        }
        if (trusted)
            return wait;
        // Not yet trusted: halfway out at most, and no later than the write would be due at a calm pace.
        const calmPace = CALM * this.floorMs;
        return Math.max(Math.min(this.bestMs, calmPace), Math.min(Math.round(wait / 2), this.due(calmPace, now)));
    }
    /**
     * After a write of ours lost anyway: a new place among the `writers` still to land, at the
     * fastest cycle a look measured (a lost write's own latency was taken while others wrote too),
     * the window doubled for every further loss. Undefined when we never queued (no crowd seen).
     */
    lostWait(writers, random = Math.random) {
        if (this.start === undefined)
            return undefined;
        this.losses++;
        const cycle = Number.isFinite(this.bestMs) ? this.bestMs : CALM * this.floorMs;
        return Math.round(random() * this.spread * Math.max(1, writers) * cycle * 2 ** Math.min(this.losses - 1, 6));
    }
    due(cycleMs, now) {
        return Math.max(0, Math.round(this.start + this.place * this.spread * this.writers * cycleMs - now));
    }
}
/** A look is calm when its cycle is at most this many times the crowd's floor (measured: 2–3× when calm, 10–40× while others plan). */
const CALM = 4;
/** A look no more than this much faster than the best before says the forge's pace held (a forge never inflated by the crowd: real GitHub). */
const STEADY = 1.5;
/** The verb is to wait `seen.waitMs` for our place in the queue of `crowd` writers; the plan holds. */
function heldForTurn(where, crowd, seen) {
    return new BranchMovedError(`${where.branch} of ${where.display} is busy (about ${Math.round(crowd)} clients at work): waiting for our turn`, 'look again', where.head, where.landed, true, seen);
}
/** Longest window without a measured cycle (the earlier fixed policy's cap). */
const NO_MEASURE_CAP_MS = 5000;
/**
 * Full-jitter backoff whose unit is learned, not fixed: a look-and-write cycle against this
 * forge, as the adapter measured it (else how long our attempts took), times the writers still
 * to land — each gets SPREAD cycles of the window. A write we lost takes a new place among the
 * writers left; a second loss doubles the window (it was too narrow for the crowd). A wait the
 * adapter gave exactly (a WriteTurn's place) is taken as given.
 */
class AdaptiveBackoff {
    policy;
    random;
    attemptMs;
    losses = 0;
    constructor(policy, random = Math.random) {
        this.policy = policy;
        this.random = random;
    }
    /** One attempt took `ms` (plan or look, and write). */
    observe(ms) {
        this.attemptMs = this.attemptMs === undefined ? ms : 0.7 * this.attemptMs + 0.3 * ms;
    }
    /** The wait before the next look. */
    next(seen) {
        if (seen?.waitMs !== undefined)
            return Math.min(this.policy.maxTimeout, seen.waitMs);
        if (!seen || seen.lost)
            this.losses++;
        if (!seen?.cycleMs) {
            // Nothing measured by the adapter: plain exponential full jitter from minTimeout, as short
            // waits as the branch allows (an attempt's own duration includes re-planning, so it is no unit).
            // With the plan kept (BranchMovedError), the re-read we skip would have spaced the tries
            // apart: wait that long instead (measured with 20 git writers: re-trying sooner collided more).
            const window = this.policy.minTimeout * 2 ** Math.min(this.losses, 10) * Math.max(seen?.writers ?? 1, 1) + (seen ? (this.attemptMs ?? 0) : 0);
            return Math.round(this.random() * Math.min(this.policy.maxTimeout, NO_MEASURE_CAP_MS, window));
        }
        // A first loss takes a new place among the writers left (as WriteTurn); later ones double it.
        const window = seen.cycleMs * SPREAD * Math.max(seen.writers, 1) * 2 ** Math.min(Math.max(0, this.losses - 1), 6);
        return Math.round(this.random() * Math.min(this.policy.maxTimeout, Math.max(this.policy.minTimeout / 4, window)));
    }
}


/***/ }),

/***/ 4995:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lc: () => (/* binding */ AbortError),
  Ay: () => (/* binding */ pRetry)
});

// UNUSED EXPORTS: makeRetriable

;// CONCATENATED MODULE: ./node_modules/is-network-error/index.js
const objectToString = Object.prototype.toString;

const isError = value => objectToString.call(value) === '[object Error]';

const errorMessages = new Set([
	'network error', // Chrome
	'NetworkError when attempting to fetch resource.', // Firefox
	'The Internet connection appears to be offline.', // Safari 16
	'Network request failed', // `cross-fetch`
	'fetch failed', // Undici (Node.js)
	'terminated', // Undici (Node.js)
	' A network error occurred.', // Bun (WebKit)
	'Network connection lost', // Cloudflare Workers (fetch)
]);

function isNetworkError(error) {
	const isValid = error
		&& isError(error)
		&& error.name === 'TypeError'
		&& typeof error.message === 'string';

	if (!isValid) {
		return false;
	}

	const {message, stack} = error;

	// Safari 17+ has generic message but no stack for network errors
	if (message === 'Load failed' || (message.startsWith('Load failed (') && message.endsWith(')'))) {
		return stack === undefined
			// Sentry adds its own stack trace to the fetch error, so also check for that
			|| '__sentry_captured__' in error;
	}

	// Deno network errors start with specific text
	if (message.startsWith('error sending request for url')) {
		return true;
	}

	// Chrome: exact "Failed to fetch" or with hostname: "Failed to fetch (example.com)"
	if (message === 'Failed to fetch' || (message.startsWith('Failed to fetch (') && message.endsWith(')'))) {
		return true;
	}

	// Standard network error messages
	return errorMessages.has(message);
}

;// CONCATENATED MODULE: ./node_modules/p-retry/index.js


function validateRetries(retries) {
	if (typeof retries === 'number') {
		if (retries < 0) {
			throw new TypeError('Expected `retries` to be a non-negative number.');
		}

		if (Number.isNaN(retries)) {
			throw new TypeError('Expected `retries` to be a valid number or Infinity, got NaN.');
		}

		// Not `Number.isSafeInteger`, which would reject a huge `retries`. That is accepted on purpose and behaves as effectively forever.
		// eslint-disable-next-line unicorn/prefer-number-is-safe-integer
		if (Number.isFinite(retries) && !Number.isInteger(retries)) {
			throw new TypeError('Expected `retries` to be a non-negative integer or Infinity.');
		}
	} else if (retries !== undefined) {
		throw new TypeError('Expected `retries` to be a number or Infinity.');
	}
}

function validateNumberOption(name, value, {allowInfinity = false} = {}) {
	if (typeof value !== 'number' || Number.isNaN(value)) {
		throw new TypeError(`Expected \`${name}\` to be a number${allowInfinity ? ' or Infinity' : ''}.`);
	}

	if (!allowInfinity && !Number.isFinite(value)) {
		throw new TypeError(`Expected \`${name}\` to be a finite number.`);
	}

	if (value < 0) {
		throw new TypeError(`Expected \`${name}\` to be \u{2265} 0.`);
	}
}

function validateOption(name, value, type) {
	// `null` means "not provided", as it does for the other options. `unref` needs this because it is the one option with no default of its own.
	if (value === undefined || value === null) {
		return;
	}

	if (typeof value !== type) {
		throw new TypeError(`Expected \`${name}\` to be a ${type}.`);
	}
}

function validateSignal(value) {
	// `null` means "not provided", as it does for the other options.
	if (value === undefined || value === null) {
		return;
	}

	// Duck typed rather than `instanceof`, so a signal from another realm still works. All three methods are checked because `removeEventListener` is called from inside a timer callback, where a `TypeError` would be an uncaught exception rather than a rejection the caller could catch.
	if (typeof value.throwIfAborted !== 'function'
		|| typeof value.addEventListener !== 'function'
		|| typeof value.removeEventListener !== 'function') {
		throw new TypeError('Expected `signal` to be an AbortSignal.');
	}
}

class AbortError extends Error {
	constructor(message) {
		super(typeof message === 'string' ? message : undefined);

		this.name = 'AbortError';

		if (message instanceof Error) {
			this.originalError = message;
			({message} = message);
		} else {
			// Created here, so it already captures every caller frame. Copying `this.stack` instead would only rewrite the header, which is rendered lazily from `name` and `message` at read time. It also stringifies a non-string message, so reuse its result below.
			this.originalError = new Error(message);
			({message} = this.originalError);

			// The caller sees this error, so the frame for this constructor is dropped where the runtime supports it. Left in, the top frame blames p-retry for an error the caller threw. An error the caller passed keeps its own stack, which points at their throw site already. V8-only, hence the lint exception, and the optional call leaves the stack as it is where it is missing.
			// eslint-disable-next-line unicorn/no-nonstandard-builtin-properties
			Error.captureStackTrace?.(this.originalError, AbortError);
		}

		this.message = message;
	}
}

// `setTimeout` cannot represent a longer delay and fires it right away instead, which turns a long backoff into a tight retry loop. Cap at the largest value it can still hold.
const maximumDelay = (2 ** 31) - 1;

function calculateDelay(retriesConsumed, options) {
	// Nothing to wait for, and multiplying by a factor that has grown to `Infinity` would give `NaN`.
	if (options.minTimeout === 0) {
		return 0;
	}

	// `retriesConsumed` starts at 0 and only ever counts up, so the first retry is already attempt 1.
	const attempt = retriesConsumed + 1;
	const random = options.randomize ? (Math.random() + 1) : 1;

	const timeout = Math.round(random * options.minTimeout * (options.factor ** (attempt - 1)));

	// `maxTimeout` rounds up, so a fractional cap still gives a whole number of milliseconds. Rounding down would turn a cap below 1 into no timer at all, which never yields to the event loop. `Math.ceil(Infinity)` is `Infinity`.
	return Math.min(timeout, Math.ceil(options.maxTimeout), maximumDelay);
}

function calculateRemainingTime(start, max) {
	return Number.isFinite(max) ? max - (performance.now() - start) : max;
}

async function delayForRetry(delay, options) {
	if (delay <= 0) {
		return;
	}

	await new Promise((resolve, reject) => {
		// Registered with `once`, so it removes itself when it fires.
		const onAbort = () => {
			clearTimeout(timeoutToken);
			reject(options.signal.reason);
		};

		const timeoutToken = setTimeout(() => {
			options.signal?.removeEventListener('abort', onAbort);
			resolve();
		}, delay);

		if (options.unref) {
			timeoutToken.unref?.();
		}

		options.signal?.addEventListener('abort', onAbort, {once: true});
	});
}

// Stringifying a thrown value can itself throw, for an object with no usable `toString`. That must never be allowed to replace the failure the caller is actually dealing with.
//
// A thrown value whose own accessors or proxy traps throw is not supported, here or anywhere else. It comes from the caller's own code, so it is not something to defend against.
function stringifyThrownValue(value) {
	try {
		return String(value);
	} catch {
		return Object.prototype.toString.call(value);
	}
}

// `AbortError` wraps the error the caller actually wants, and the wrappers can be nested, so keep unwrapping until the cause is reached. Otherwise an `AbortError` would escape `pRetry` and a `catch` doing `error instanceof AbortError` would read a real failure as a cancellation.
//
// Two wrappers whose `originalError` points at each other are not supported, like the thrown values above.
function unwrapAbortError(error) {
	let cause = error;

	// A wrapper with no error to unwrap to is the cause as far as it goes.
	while (cause instanceof AbortError && cause.originalError instanceof Error) {
		cause = cause.originalError;
	}

	return cause;
}

async function onAttemptFailure({error, attemptNumber, retriesConsumed, startTime, options}) {
	// The signal is checked after the operation and after every callback, so a cancellation is never reported as an operation failure or a callback's decision, and no callback runs after it. The last check also guards the delay, whose abort listener never fires on a signal that is already aborted.
	const abortIfNeeded = () => {
		options.signal?.throwIfAborted();
	};

	const normalizedError = error instanceof Error
		? error
		: new TypeError(`Non-error was thrown: "${stringifyThrownValue(error)}". You should only throw errors.`);

	// Checked before unwrapping an `AbortError`, because the reason a caller aborted with is final. Unwrapping it would replace the reason they chose with whatever is inside it, and it would also let an `AbortError` from the operation outrank a cancellation the caller asked for.
	abortIfNeeded();

	if (normalizedError instanceof AbortError) {
		throw unwrapAbortError(normalizedError);
	}

	// `retriesConsumed` only ever advances while `retriesLeft` is above 0, so this is never negative. `Infinity` minus a finite count is `Infinity`, so an unlimited budget needs no special case.
	const retriesLeft = options.retries - retriesConsumed;

	// A `TypeError` normally means the operation itself is broken rather than the thing it was trying to reach, so retrying it does not help. A network `TypeError` is the exception, and its message differs per runtime, so it has to be recognised rather than assumed.
	const isRetriableError = !(normalizedError instanceof TypeError) || isNetworkError(normalizedError);

	// Out of time already, out of retries, or a failure that is never retried, so the delay is 0 and the callbacks are told that no retry follows. Only computed when a retry can still follow, so a randomized delay does not draw from `Math.random` for a wait that is never taken.
	const timeLeft = calculateRemainingTime(startTime, options.maxRetryTime);
	const delayTime = isRetriableError && timeLeft > 0 && retriesLeft > 0 ? calculateDelay(retriesConsumed, options) : 0;

	const consumeRetryContext = Object.freeze({
		error: normalizedError,
		attemptNumber,
		retriesLeft,
		retriesConsumed,
		retryDelay: delayTime,
	});

	// No answer means no opinion, so fall back to the default. Treating it as `false` instead would leave `retries` uncounted and let the loop run forever.
	const consumeRetry = (await options.shouldConsumeRetry(consumeRetryContext)) ?? true;

	abortIfNeeded();

	const effectiveDelay = consumeRetry ? delayTime : 0;
	const context = Object.freeze({
		error: normalizedError,
		attemptNumber,
		retriesLeft,
		retriesConsumed,
		retryDelay: effectiveDelay,
	});

	await options.onFailedAttempt(context);

	abortIfNeeded();

	const remainingTime = calculateRemainingTime(startTime, options.maxRetryTime);

	// No time or budget left, or a failure that retrying cannot help with.
	if (
		!isRetriableError
		|| remainingTime <= 0
		|| retriesLeft <= 0
	) {
		throw normalizedError;
	}

	const shouldRetry = await options.shouldRetry(context);

	abortIfNeeded();

	if (!shouldRetry) {
		throw normalizedError;
	}

	const remainingTimeAfterShouldRetry = calculateRemainingTime(startTime, options.maxRetryTime);

	if (remainingTimeAfterShouldRetry <= 0) {
		throw normalizedError;
	}

	if (!consumeRetry) {
		return false;
	}

	await delayForRetry(Math.min(effectiveDelay, remainingTimeAfterShouldRetry), options);

	return true;
}

async function pRetry(input, options = {}) {
	options = {...options};

	// Applied before validating, so that `null` means "not provided" here as it does for every other option.
	options.retries ??= 10;

	validateRetries(options.retries);

	if (Object.hasOwn(options, 'forever')) {
		throw new Error('The `forever` option is no longer supported. For many use-cases, you can set `retries: Infinity` instead.');
	}

	options.factor ??= 2;
	options.minTimeout ??= 1000;
	options.maxTimeout ??= Infinity;
	options.maxRetryTime ??= Infinity;
	options.randomize ??= false;
	options.onFailedAttempt ??= () => {};
	options.shouldRetry ??= () => true;
	options.shouldConsumeRetry ??= () => true;

	// Validate the options that have a runtime type to check.
	validateOption('onFailedAttempt', options.onFailedAttempt, 'function');
	validateOption('shouldRetry', options.shouldRetry, 'function');
	validateOption('shouldConsumeRetry', options.shouldConsumeRetry, 'function');
	validateOption('randomize', options.randomize, 'boolean');
	validateOption('unref', options.unref, 'boolean');
	validateSignal(options.signal);
	validateNumberOption('factor', options.factor);
	validateNumberOption('minTimeout', options.minTimeout);
	validateNumberOption('maxTimeout', options.maxTimeout, {allowInfinity: true});
	validateNumberOption('maxRetryTime', options.maxRetryTime, {allowInfinity: true});

	// A negative factor is rejected above, so this only catches `0`. Treat it as `1` to keep the delay constant instead of dropping to zero after the first retry.
	if (options.factor === 0) {
		options.factor = 1;
	}

	options.signal?.throwIfAborted();

	let attemptNumber = 0;
	let retriesConsumed = 0;
	const startTime = performance.now();

	// A consumed count is always finite, so `Infinity` keeps this true and needs no special case.
	while (retriesConsumed <= options.retries) {
		attemptNumber++;

		try {
			options.signal?.throwIfAborted();

			const result = await input(attemptNumber);

			options.signal?.throwIfAborted();

			return result;
		} catch (error) {
			if (await onAttemptFailure({
				error,
				attemptNumber,
				retriesConsumed,
				startTime,
				options,
			})) {
				retriesConsumed++;
			}
		}
	}

	// Unreachable: `onAttemptFailure` throws once `retriesLeft` reaches 0, which is the same state the loop condition tests, so the loop is always left by a throw. Kept as a guard against a future change to either side breaking that pairing.
	throw new Error('Retry attempts exhausted without throwing an error.');
}

function makeRetriable(function_, options) {
	return function (...arguments_) {
		return pRetry(() => function_.apply(this, arguments_), options);
	};
}


/***/ })

};
