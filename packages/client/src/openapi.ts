// Generated from openapi.yaml by `npm run openapi:generate` (openapi-typescript); do not edit.
export interface paths {
    "/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List customers
         * @description Filtered by tier and whether the account is open, a page at a time. Listing is eventually consistent.
         */
        get: operations["listCustomers"];
        put?: never;
        /**
         * Enrol a customer
         * @description Starts the customer’s account with 0 points. A closed account’s ID cannot be enrolled again.
         */
        post: operations["enrolCustomer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{customerId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a customer
         * @description The current state; a closed account answers with its final state.
         */
        get: operations["getCustomer"];
        put?: never;
        post?: never;
        /**
         * Cancel an account
         * @description Closes the account for good; it stays readable in its final state.
         */
        delete: operations["cancelAccount"];
        options?: never;
        head?: never;
        /**
         * Change a profile
         * @description Changes the name, the email or both (an invited guest starts with the name its host gave). Listings show the new name.
         */
        patch: operations["updateProfile"];
        trace?: never;
    };
    "/customers/{customerId}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Ensure a minimum tier
         * @description Raises the account to at least this tier (setting its points to the tier’s minimum); a higher tier is left as it is.
         */
        put: operations["ensureMinimumStatus"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{customerId}/points": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add points */
        post: operations["addPoints"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{customerId}/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recent ledger entries
         * @description Newest first, a page at a time. The account keeps a bounded recent window; older entries are summarised in balanceBeforeWindow.
         */
        get: operations["listTransactions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{customerId}/commands/{idempotencyKey}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Outcome of an earlier command
         * @description Pending, applied (with its result) or rejected (with the problem a synchronous call would have answered). Keys are remembered for at least 24 hours and at least the customer’s most recent 1,000 keys, up to 2,000 keys in all; a command still waiting on another account is never forgotten.
         */
        get: operations["getCommandOutcome"];
        put?: never;
        post?: never;
        /**
         * Cancel a scheduled command
         * @description Withdraws a command sent with notBefore, before its time: it never runs, and its outcome reads rejected (command-cancelled). A command that has run already cannot be cancelled (409).
         */
        delete: operations["cancelScheduledCommand"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{customerId}/scheduled-commands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Commands waiting for their time
         * @description Commands sent with a notBefore time still to come, the soonest first; each can be cancelled by its key until then.
         */
        get: operations["listScheduledCommands"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{customerId}/guests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List guests */
        get: operations["listGuests"];
        put?: never;
        /**
         * Invite a guest
         * @description The guest’s account is created, or reached, and raised to at least the tier below the host’s.
         */
        post: operations["inviteGuest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{customerId}/gifts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Give a guest points or a tier
         * @description The guest is credited exactly once, even across retries.
         */
        post: operations["giftGuest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rewards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The reward catalogue */
        get: operations["listRewards"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{customerId}/redemptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Use a reward
         * @description Allowed when the account’s tier unlocks the reward; using one costs no points.
         */
        post: operations["redeemReward"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tiers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tier table
         * @description Lowest first. An account’s tier follows from its balance.
         */
        get: operations["listTiers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhook endpoints */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Register a webhook endpoint
         * @description Events of the chosen types (`points.changed`, `tier.changed`, `guest.joined`, `gift.received`, `points.expiring`, `account.closed`) are posted to the URL, signed with the secret in this answer, which is shown only here. At most 50 endpoints.
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/endpoints/{endpointId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A webhook endpoint */
        get: operations["getWebhookEndpoint"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook endpoint
         * @description Deliveries still being retried end without posting again.
         */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /**
         * Change a webhook endpoint’s URL or events
         * @description Deliveries already under way keep going; their retries go to the new URL.
         */
        patch: operations["changeWebhookEndpoint"];
        trace?: never;
    };
    "/webhooks/endpoints/{endpointId}/secret-rotations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a webhook endpoint’s secret
         * @description The new secret, shown only in this answer, signs from now on. The previous one keeps signing too for 24 hours (two signatures in `webhook-signature`), so receivers can switch over without missing an event.
         */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/endpoints/{endpointId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A webhook endpoint’s delivery log
         * @description One entry per event posted (or being posted) to the endpoint: delivered, retrying (with the attempts so far and the last error) or given up. Eventually consistent, like every listing.
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description Answers while the process runs, whatever the state of Temporal.
         */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness
         * @description Ready when Temporal answers and a worker polls the task queue.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * Problem
         * @description An RFC 9457 problem detail.
         */
        Problem: {
            /** @description URI naming the problem type: urn:loyalty:problem:<code>. */
            type: string;
            title: string;
            status: number;
            detail: string;
            /**
             * @description Stable, machine-readable reason; clients branch on it.
             * @enum {unknown}
             */
            code: "invalid-command" | "account-closed" | "insufficient-points" | "guest-limit-reached" | "guest-already-invited" | "cannot-invite-self" | "guest-account-closed" | "not-your-guest" | "gift-tier-too-high" | "unknown-reward" | "reward-locked" | "idempotency-key-reused" | "peer-unavailable" | "peer-work-limit-reached" | "gift-tier-already-given" | "balance-limit-reached" | "not-before-too-far" | "scheduled-command-limit-reached" | "scheduled-command-not-found" | "command-already-run" | "command-cancelled" | "customer-not-found" | "customer-exists" | "invalid-page-token" | "webhook-endpoint-not-found" | "webhook-endpoint-limit-reached" | "too-many-requests" | "temporal-unavailable" | "validation-failed" | "unauthorized" | "forbidden" | "not-found" | "method-not-allowed" | "request-timeout" | "payload-too-large" | "headers-too-large" | "unsupported-media-type" | "rate-limited" | "shutting-down" | "internal-error";
            /** @description This occurrence: urn:uuid:<request id>. */
            instance?: string;
            /** @description The request id, as in the logs and the X-Request-Id header. */
            requestId?: string;
            /** @description For validation-failed: what was wrong. */
            errors?: {
                /** @description Where the bad value is, e.g. body/points or querystring/limit. */
                location: string;
                message: string;
            }[];
        };
        Customer: {
            /**
             * @description 1–64 characters of A-Z a-z 0-9 _ -
             * @example 42
             */
            customerId: string;
            name: string;
            email?: string;
            points: number;
            tier: {
                /** @description Tier ordinal: 0 Member, 1 Bronze, 2 Silver, 3 Gold, 4 Platinum */
                ordinal: number;
                /** @enum {unknown} */
                name: "Member" | "Bronze" | "Silver" | "Gold" | "Platinum";
                minimumPoints: number;
                guestsAllowed: number;
            };
            accountActive: boolean;
            guests: string[];
            /**
             * @description 1–64 characters of A-Z a-z 0-9 _ -
             * @example 42
             */
            invitedBy?: string;
            /** Format: date-time */
            enrolledAt: string;
            /** @description The points that expire next; present only when the account has an expiry policy and points that will expire. */
            pointsExpiring?: {
                points: number;
                /**
                 * Format: date-time
                 * @description When these points expire, unless spent first (oldest points are spent first).
                 */
                at: string;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listCustomers: {
        parameters: {
            query?: {
                /** @description Only accounts of this tier. */
                tier?: "Member" | "Bronze" | "Silver" | "Gold" | "Platinum";
                /** @description Only open (true) or closed (false) accounts. */
                active?: boolean;
                pageSize?: number;
                /** @description nextPageToken of the previous page. */
                pageToken?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of customers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        customers: {
                            customerId: string;
                            name?: string;
                            /** @enum {unknown} */
                            tier: "Member" | "Bronze" | "Silver" | "Gold" | "Platinum";
                            accountActive: boolean;
                        }[];
                        nextPageToken?: string;
                        /** @description The URL of the next page, when there is one. */
                        next?: string;
                    };
                };
            };
            /** @description Invalid page token (invalid-page-token) · Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden (forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    enrolCustomer: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description 1–64 characters of A-Z a-z 0-9 _ -
                     * @example 42
                     */
                    customerId: string;
                    name: string;
                    /** @example ada@example.com */
                    email?: string;
                };
            };
        };
        responses: {
            /** @description Enrolled. */
            201: {
                headers: {
                    /** @description Where the resource, or the command’s outcome, can be read. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
                };
            };
            /** @description Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Customer exists (customer-exists) · Account closed (account-closed) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type (unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCustomer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description 1–64 characters of A-Z a-z 0-9 _ -
                 * @example 42
                 */
                customerId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The customer. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
                };
            };
            /** @description Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Customer not found (customer-not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelAccount: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key answers the first outcome and changes nothing; the same key with a different body is a 422 (idempotency-key-reused). Without one the server makes one up and returns it in the Idempotency-Key response header. */
                "idempotency-key"?: string;
                /**
                 * @description `respond-async` hands the command over durably and answers 202 at once, without waiting for its outcome.
                 * @example respond-async
                 */
                prefer?: string;
            };
            path: {
                /**
                 * @description 1–64 characters of A-Z a-z 0-9 _ -
                 * @example 42
                 */
                customerId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account’s final state. */
            200: {
                headers: {
                    /** @description The idempotency key the command was recorded under. */
                    "Idempotency-Key"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
                };
            };
            /** @description Accepted but not finished: with Prefer: respond-async, while the command waits on another account, or until its notBefore time. Poll the Location for the outcome. */
            202: {
                headers: {
                    /** @description Where the resource, or the command’s outcome, can be read. */
                    Location?: string;
                    /** @description The idempotency key the command was recorded under. */
                    "Idempotency-Key"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "pending";
                        idempotencyKey: string;
                    };
                };
            };
            /** @description Invalid command (invalid-command) · Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden (forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Customer not found (customer-not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Account closed (account-closed) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type (unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency key reused (idempotency-key-reused) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (too-many-requests) · Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateProfile: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key answers the first outcome and changes nothing; the same key with a different body is a 422 (idempotency-key-reused). Without one the server makes one up and returns it in the Idempotency-Key response header. */
                "idempotency-key"?: string;
                /**
                 * @description `respond-async` hands the command over durably and answers 202 at once, without waiting for its outcome.
                 * @example respond-async
                 */
                prefer?: string;
            };
            path: {
                /**
                 * @description 1–64 characters of A-Z a-z 0-9 _ -
                 * @example 42
                 */
                customerId: string;
            };
            cookie?: never;
        };
        /** @description The fields to change: name, email or both. */
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** @example ada@example.com */
                    email?: string;
                };
            };
        };
        responses: {
            /** @description The account after the change. */
            200: {
                headers: {
                    /** @description The idempotency key the command was recorded under. */
                    "Idempotency-Key"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
                };
            };
            /** @description Accepted but not finished: with Prefer: respond-async, while the command waits on another account, or until its notBefore time. Poll the Location for the outcome. */
            202: {
                headers: {
                    /** @description Where the resource, or the command’s outcome, can be read. */
                    Location?: string;
                    /** @description The idempotency key the command was recorded under. */
                    "Idempotency-Key"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "pending";
                        idempotencyKey: string;
                    };
                };
            };
            /** @description Invalid command (invalid-command) · Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Customer not found (customer-not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Account closed (account-closed) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type (unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency key reused (idempotency-key-reused) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (too-many-requests) · Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ensureMinimumStatus: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key answers the first outcome and changes nothing; the same key with a different body is a 422 (idempotency-key-reused). Without one the server makes one up and returns it in the Idempotency-Key response header. */
                "idempotency-key"?: string;
                /**
                 * @description `respond-async` hands the command over durably and answers 202 at once, without waiting for its outcome.
                 * @example respond-async
                 */
                prefer?: string;
            };
            path: {
                /**
                 * @description 1–64 characters of A-Z a-z 0-9 _ -
                 * @example 42
                 */
                customerId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Tier ordinal: 0 Member, 1 Bronze, 2 Silver, 3 Gold, 4 Platinum */
                    tier: number;
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description The customer after the change. */
            200: {
                headers: {
                    /** @description The idempotency key the command was recorded under. */
                    "Idempotency-Key"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
                };
            };
            /** @description Accepted but not finished: with Prefer: respond-async, while the command waits on another account, or until its notBefore time. Poll the Location for the outcome. */
            202: {
                headers: {
                    /** @description Where the resource, or the command’s outcome, can be read. */
                    Location?: string;
                    /** @description The idempotency key the command was recorded under. */
                    "Idempotency-Key"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "pending";
                        idempotencyKey: string;
                    };
                };
            };
            /** @description Invalid command (invalid-command) · Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden (forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Customer not found (customer-not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Account closed (account-closed) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type (unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency key reused (idempotency-key-reused) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (too-many-requests) · Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    addPoints: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key answers the first outcome and changes nothing; the same key with a different body is a 422 (idempotency-key-reused). Without one the server makes one up and returns it in the Idempotency-Key response header. */
                "idempotency-key"?: string;
                /**
                 * @description `respond-async` hands the command over durably and answers 202 at once, without waiting for its outcome.
                 * @example respond-async
                 */
                prefer?: string;
            };
            path: {
                /**
                 * @description 1–64 characters of A-Z a-z 0-9 _ -
                 * @example 42
                 */
                customerId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Points to add. A storefront key may add 1 to 1,000,000 at a time; an admin key may adjust by up to 1,000,000,000 either way (never below a zero balance). */
                    points: number;
                    reason?: string;
                    /**
                     * Format: date-time
                     * @description Apply the change at this time instead of now (e.g. once an order’s return window has closed): the answer is 202, the outcome reads pending with this time until then, and DELETE on its Location cancels it. At most 400 days ahead and 100 scheduled commands per account; a time already passed applies the change at once.
                     */
                    notBefore?: string;
                };
            };
        };
        responses: {
            /** @description Applied: the account after the change and its ledger entry. */
            200: {
                headers: {
                    /** @description The idempotency key the command was recorded under. */
                    "Idempotency-Key"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        customer: components["schemas"]["Customer"];
                        entry?: {
                            /** @description Sequence number within the account, from 1. */
                            id: number;
                            /** @enum {unknown} */
                            kind: "opening" | "points" | "statusRaise" | "giftSent" | "giftReceived" | "giftReturned" | "rewardUsed" | "expiry";
                            delta: number;
                            balanceAfter: number;
                            reason?: string;
                            /** Format: date-time */
                            at: string;
                            idempotencyKey?: string;
                            /** @description The other customer of a gift. */
                            counterparty?: string;
                            rewardId?: string;
                        };
                    };
                };
            };
            /** @description Accepted but not finished: with Prefer: respond-async, while the command waits on another account, or until its notBefore time. Poll the Location for the outcome. */
            202: {
                headers: {
                    /** @description Where the resource, or the command’s outcome, can be read. */
                    Location?: string;
                    /** @description The idempotency key the command was recorded under. */
                    "Idempotency-Key"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "pending";
                        idempotencyKey: string;
                    };
                };
            };
            /** @description Invalid command (invalid-command) · Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden (forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Customer not found (customer-not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Account closed (account-closed) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type (unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency key reused (idempotency-key-reused) · Insufficient points (insufficient-points) · Balance limit reached (balance-limit-reached) · Scheduled too far ahead (not-before-too-far) · Scheduled command limit reached (scheduled-command-limit-reached) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (too-many-requests) · Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTransactions: {
        parameters: {
            query?: {
                /** @description Entries older than this id (nextBeforeId of the previous page). */
                beforeId?: number;
                limit?: number;
            };
            header?: never;
            path: {
                /**
                 * @description 1–64 characters of A-Z a-z 0-9 _ -
                 * @example 42
                 */
                customerId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of ledger entries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        entries: {
                            /** @description Sequence number within the account, from 1. */
                            id: number;
                            /** @enum {unknown} */
                            kind: "opening" | "points" | "statusRaise" | "giftSent" | "giftReceived" | "giftReturned" | "rewardUsed" | "expiry";
                            delta: number;
                            balanceAfter: number;
                            reason?: string;
                            /** Format: date-time */
                            at: string;
                            idempotencyKey?: string;
                            /** @description The other customer of a gift. */
                            counterparty?: string;
                            rewardId?: string;
                        }[];
                        nextBeforeId?: number;
                        totalEntries: number;
                        balanceBeforeWindow: number;
                        /** @description The URL of the next (older) page, when there is one. */
                        next?: string;
                    };
                };
            };
            /** @description Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Customer not found (customer-not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCommandOutcome: {
        parameters: {
            query?: {
                /** @description As in the Location of a 202: the outcome of this request, so a key another request took first reads as reused. */
                fingerprint?: string;
            };
            header?: never;
            path: {
                /**
                 * @description 1–64 characters of A-Z a-z 0-9 _ -
                 * @example 42
                 */
                customerId: string;
                /** @description Printable ASCII without spaces, at most 255 characters. */
                idempotencyKey: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What became of the command. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        idempotencyKey: string;
                        commandType: string;
                        /** Format: date-time */
                        recordedAt: string;
                        /**
                         * Format: date-time
                         * @description A scheduled command runs at this time; pending until then.
                         */
                        notBefore?: string;
                        /** @enum {unknown} */
                        status: "pending" | "applied" | "rejected";
                        result?: {
                            entry?: {
                                /** @description Sequence number within the account, from 1. */
                                id: number;
                                /** @enum {unknown} */
                                kind: "opening" | "points" | "statusRaise" | "giftSent" | "giftReceived" | "giftReturned" | "rewardUsed" | "expiry";
                                delta: number;
                                balanceAfter: number;
                                reason?: string;
                                /** Format: date-time */
                                at: string;
                                idempotencyKey?: string;
                                /** @description The other customer of a gift. */
                                counterparty?: string;
                                rewardId?: string;
                            };
                            guestId?: string;
                            giftId?: string;
                            rewardId?: string;
                            /** @description Tier ordinal: 0 Member, 1 Bronze, 2 Silver, 3 Gold, 4 Platinum */
                            tier?: number;
                            cancelled?: {
                                idempotencyKey: string;
                                /** Format: date-time */
                                scheduledAt: string;
                                command: {
                                    /** @enum {string} */
                                    type: "addPoints";
                                    points: number;
                                    reason?: string;
                                    /** Format: date-time */
                                    notBefore: string;
                                };
                            };
                        };
                        problem?: components["schemas"]["Problem"];
                    };
                };
            };
            /** @description Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Customer not found (customer-not-found) · Not found (not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelScheduledCommand: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key answers the first outcome and changes nothing; the same key with a different body is a 422 (idempotency-key-reused). Without one the server makes one up and returns it in the Idempotency-Key response header. */
                "idempotency-key"?: string;
                /**
                 * @description `respond-async` hands the command over durably and answers 202 at once, without waiting for its outcome.
                 * @example respond-async
                 */
                prefer?: string;
            };
            path: {
                /**
                 * @description 1–64 characters of A-Z a-z 0-9 _ -
                 * @example 42
                 */
                customerId: string;
                /** @description Printable ASCII without spaces, at most 255 characters. */
                idempotencyKey: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled: the account and the command withdrawn. */
            200: {
                headers: {
                    /** @description The idempotency key the command was recorded under. */
                    "Idempotency-Key"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        customer: components["schemas"]["Customer"];
                        cancelled: {
                            idempotencyKey: string;
                            /** Format: date-time */
                            scheduledAt: string;
                            command: {
                                /** @enum {string} */
                                type: "addPoints";
                                points: number;
                                reason?: string;
                                /** Format: date-time */
                                notBefore: string;
                            };
                        };
                    };
                };
            };
            /** @description Accepted but not finished: with Prefer: respond-async, while the command waits on another account, or until its notBefore time. Poll the Location for the outcome. */
            202: {
                headers: {
                    /** @description Where the resource, or the command’s outcome, can be read. */
                    Location?: string;
                    /** @description The idempotency key the command was recorded under. */
                    "Idempotency-Key"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "pending";
                        idempotencyKey: string;
                    };
                };
            };
            /** @description Invalid command (invalid-command) · Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Customer not found (customer-not-found) · Scheduled command not found (scheduled-command-not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Account closed (account-closed) · Command already run (command-already-run) · Command cancelled (command-cancelled) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type (unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency key reused (idempotency-key-reused) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (too-many-requests) · Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listScheduledCommands: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description 1–64 characters of A-Z a-z 0-9 _ -
                 * @example 42
                 */
                customerId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The scheduled commands. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        commands: {
                            idempotencyKey: string;
                            /** Format: date-time */
                            scheduledAt: string;
                            command: {
                                /** @enum {string} */
                                type: "addPoints";
                                points: number;
                                reason?: string;
                                /** Format: date-time */
                                notBefore: string;
                            };
                        }[];
                    };
                };
            };
            /** @description Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Customer not found (customer-not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listGuests: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description 1–64 characters of A-Z a-z 0-9 _ -
                 * @example 42
                 */
                customerId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The customer IDs of the guests. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        guests: string[];
                    };
                };
            };
            /** @description Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Customer not found (customer-not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    inviteGuest: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key answers the first outcome and changes nothing; the same key with a different body is a 422 (idempotency-key-reused). Without one the server makes one up and returns it in the Idempotency-Key response header. */
                "idempotency-key"?: string;
                /**
                 * @description `respond-async` hands the command over durably and answers 202 at once, without waiting for its outcome.
                 * @example respond-async
                 */
                prefer?: string;
            };
            path: {
                /**
                 * @description 1–64 characters of A-Z a-z 0-9 _ -
                 * @example 42
                 */
                customerId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description 1–64 characters of A-Z a-z 0-9 _ -
                     * @example 42
                     */
                    guestId: string;
                };
            };
        };
        responses: {
            /** @description Invited. */
            201: {
                headers: {
                    /** @description Where the resource, or the command’s outcome, can be read. */
                    Location?: string;
                    /** @description The idempotency key the command was recorded under. */
                    "Idempotency-Key"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        customer: components["schemas"]["Customer"];
                        guestId: string;
                    };
                };
            };
            /** @description Accepted but not finished: with Prefer: respond-async, while the command waits on another account, or until its notBefore time. Poll the Location for the outcome. */
            202: {
                headers: {
                    /** @description Where the resource, or the command’s outcome, can be read. */
                    Location?: string;
                    /** @description The idempotency key the command was recorded under. */
                    "Idempotency-Key"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "pending";
                        idempotencyKey: string;
                    };
                };
            };
            /** @description Invalid command (invalid-command) · Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Customer not found (customer-not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Account closed (account-closed) · Guest already invited (guest-already-invited) · Guest account closed (guest-account-closed) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type (unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency key reused (idempotency-key-reused) · Guest limit reached (guest-limit-reached) · Cannot invite yourself (cannot-invite-self) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (too-many-requests) · Too much peer work in flight (peer-work-limit-reached) · Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Peer unavailable (peer-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    giftGuest: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key answers the first outcome and changes nothing; the same key with a different body is a 422 (idempotency-key-reused). Without one the server makes one up and returns it in the Idempotency-Key response header. */
                "idempotency-key"?: string;
                /**
                 * @description `respond-async` hands the command over durably and answers 202 at once, without waiting for its outcome.
                 * @example respond-async
                 */
                prefer?: string;
            };
            path: {
                /**
                 * @description 1–64 characters of A-Z a-z 0-9 _ -
                 * @example 42
                 */
                customerId: string;
            };
            cookie?: never;
        };
        /** @description A gift of points from the host’s balance, or of a tier. */
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description 1–64 characters of A-Z a-z 0-9 _ -
                     * @example 42
                     */
                    guestId: string;
                    /** @description Points taken from the host’s balance. */
                    points: number;
                } | {
                    /**
                     * @description 1–64 characters of A-Z a-z 0-9 _ -
                     * @example 42
                     */
                    guestId: string;
                    /** @description At most the tier just below the host’s. */
                    tier: number;
                };
            };
        };
        responses: {
            /** @description Given. */
            200: {
                headers: {
                    /** @description The idempotency key the command was recorded under. */
                    "Idempotency-Key"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        customer: components["schemas"]["Customer"];
                        guestId: string;
                        giftId?: string;
                        entry?: {
                            /** @description Sequence number within the account, from 1. */
                            id: number;
                            /** @enum {unknown} */
                            kind: "opening" | "points" | "statusRaise" | "giftSent" | "giftReceived" | "giftReturned" | "rewardUsed" | "expiry";
                            delta: number;
                            balanceAfter: number;
                            reason?: string;
                            /** Format: date-time */
                            at: string;
                            idempotencyKey?: string;
                            /** @description The other customer of a gift. */
                            counterparty?: string;
                            rewardId?: string;
                        };
                    };
                };
            };
            /** @description Accepted but not finished: with Prefer: respond-async, while the command waits on another account, or until its notBefore time. Poll the Location for the outcome. */
            202: {
                headers: {
                    /** @description Where the resource, or the command’s outcome, can be read. */
                    Location?: string;
                    /** @description The idempotency key the command was recorded under. */
                    "Idempotency-Key"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "pending";
                        idempotencyKey: string;
                    };
                };
            };
            /** @description Invalid command (invalid-command) · Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not your guest (not-your-guest) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Customer not found (customer-not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Account closed (account-closed) · Guest account closed (guest-account-closed) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type (unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency key reused (idempotency-key-reused) · Insufficient points (insufficient-points) · Gift tier too high (gift-tier-too-high) · Gift tier already given (gift-tier-already-given) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (too-many-requests) · Too much peer work in flight (peer-work-limit-reached) · Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listRewards: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every reward and the tier that unlocks it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        rewards: {
                            rewardId: string;
                            name: string;
                            description: string;
                            /** @description The lowest tier that unlocks the reward. */
                            minimumTier: number;
                        }[];
                    };
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    redeemReward: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key answers the first outcome and changes nothing; the same key with a different body is a 422 (idempotency-key-reused). Without one the server makes one up and returns it in the Idempotency-Key response header. */
                "idempotency-key"?: string;
                /**
                 * @description `respond-async` hands the command over durably and answers 202 at once, without waiting for its outcome.
                 * @example respond-async
                 */
                prefer?: string;
            };
            path: {
                /**
                 * @description 1–64 characters of A-Z a-z 0-9 _ -
                 * @example 42
                 */
                customerId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description A reward of the catalogue (GET /rewards).
                     * @enum {unknown}
                     */
                    rewardId: "free-shipping" | "birthday-gift" | "priority-support" | "lounge-access" | "personal-shopper";
                };
            };
        };
        responses: {
            /** @description Used. */
            201: {
                headers: {
                    /** @description The idempotency key the command was recorded under. */
                    "Idempotency-Key"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        customer: components["schemas"]["Customer"];
                        rewardId: string;
                        entry?: {
                            /** @description Sequence number within the account, from 1. */
                            id: number;
                            /** @enum {unknown} */
                            kind: "opening" | "points" | "statusRaise" | "giftSent" | "giftReceived" | "giftReturned" | "rewardUsed" | "expiry";
                            delta: number;
                            balanceAfter: number;
                            reason?: string;
                            /** Format: date-time */
                            at: string;
                            idempotencyKey?: string;
                            /** @description The other customer of a gift. */
                            counterparty?: string;
                            rewardId?: string;
                        };
                    };
                };
            };
            /** @description Accepted but not finished: with Prefer: respond-async, while the command waits on another account, or until its notBefore time. Poll the Location for the outcome. */
            202: {
                headers: {
                    /** @description Where the resource, or the command’s outcome, can be read. */
                    Location?: string;
                    /** @description The idempotency key the command was recorded under. */
                    "Idempotency-Key"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "pending";
                        idempotencyKey: string;
                    };
                };
            };
            /** @description Invalid command (invalid-command) · Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Customer not found (customer-not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Account closed (account-closed) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type (unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency key reused (idempotency-key-reused) · Unknown reward (unknown-reward) · Reward locked (reward-locked) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (too-many-requests) · Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTiers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every tier. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tiers: {
                            /** @description Tier ordinal: 0 Member, 1 Bronze, 2 Silver, 3 Gold, 4 Platinum */
                            ordinal: number;
                            /** @enum {unknown} */
                            name: "Member" | "Bronze" | "Silver" | "Gold" | "Platinum";
                            minimumPoints: number;
                            guestsAllowed: number;
                        }[];
                    };
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every registered endpoint (without secrets). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        endpoints: {
                            /** @description Assigned by the service when the endpoint is registered. */
                            endpointId: string;
                            /**
                             * Format: uri
                             * @description Where events are posted: an http or https URL.
                             * @example https://example.com/loyalty-webhooks
                             */
                            url: string;
                            /** @description The event types posted to this endpoint. */
                            events: ("points.changed" | "tier.changed" | "guest.joined" | "gift.received" | "points.expiring" | "account.closed")[];
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /**
                             * Format: date-time
                             * @description After a rotation: until when the previous secret still signs beside the new one.
                             */
                            previousSecretExpiresAt?: string;
                        }[];
                    };
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden (forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uri
                     * @description Where events are posted: an http or https URL.
                     * @example https://example.com/loyalty-webhooks
                     */
                    url: string;
                    /** @description The event types posted to this endpoint. */
                    events: ("points.changed" | "tier.changed" | "guest.joined" | "gift.received" | "points.expiring" | "account.closed")[];
                };
            };
        };
        responses: {
            /** @description Registered; the secret is shown only now. */
            201: {
                headers: {
                    /** @description Where the resource, or the command’s outcome, can be read. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        endpoint: {
                            /** @description Assigned by the service when the endpoint is registered. */
                            endpointId: string;
                            /**
                             * Format: uri
                             * @description Where events are posted: an http or https URL.
                             * @example https://example.com/loyalty-webhooks
                             */
                            url: string;
                            /** @description The event types posted to this endpoint. */
                            events: ("points.changed" | "tier.changed" | "guest.joined" | "gift.received" | "points.expiring" | "account.closed")[];
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /**
                             * Format: date-time
                             * @description After a rotation: until when the previous secret still signs beside the new one.
                             */
                            previousSecretExpiresAt?: string;
                        };
                        /** @description The signing secret (Standard Webhooks format). Shown only in this answer: keep it. */
                        secret: string;
                    };
                };
            };
            /** @description Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden (forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type (unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Webhook endpoint limit reached (webhook-endpoint-limit-reached) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Assigned by the service when the endpoint is registered. */
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint (without secrets). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Assigned by the service when the endpoint is registered. */
                        endpointId: string;
                        /**
                         * Format: uri
                         * @description Where events are posted: an http or https URL.
                         * @example https://example.com/loyalty-webhooks
                         */
                        url: string;
                        /** @description The event types posted to this endpoint. */
                        events: ("points.changed" | "tier.changed" | "guest.joined" | "gift.received" | "points.expiring" | "account.closed")[];
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        /**
                         * Format: date-time
                         * @description After a rotation: until when the previous secret still signs beside the new one.
                         */
                        previousSecretExpiresAt?: string;
                    };
                };
            };
            /** @description Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden (forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Webhook endpoint not found (webhook-endpoint-not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Assigned by the service when the endpoint is registered. */
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted: nothing more is posted to it. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden (forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Webhook endpoint not found (webhook-endpoint-not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type (unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    changeWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Assigned by the service when the endpoint is registered. */
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uri
                     * @description Where events are posted: an http or https URL.
                     * @example https://example.com/loyalty-webhooks
                     */
                    url?: string;
                    /** @description The event types posted to this endpoint. */
                    events?: ("points.changed" | "tier.changed" | "guest.joined" | "gift.received" | "points.expiring" | "account.closed")[];
                };
            };
        };
        responses: {
            /** @description Changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Assigned by the service when the endpoint is registered. */
                        endpointId: string;
                        /**
                         * Format: uri
                         * @description Where events are posted: an http or https URL.
                         * @example https://example.com/loyalty-webhooks
                         */
                        url: string;
                        /** @description The event types posted to this endpoint. */
                        events: ("points.changed" | "tier.changed" | "guest.joined" | "gift.received" | "points.expiring" | "account.closed")[];
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        /**
                         * Format: date-time
                         * @description After a rotation: until when the previous secret still signs beside the new one.
                         */
                        previousSecretExpiresAt?: string;
                    };
                };
            };
            /** @description Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden (forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Webhook endpoint not found (webhook-endpoint-not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type (unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Assigned by the service when the endpoint is registered. */
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rotated; the new secret is shown only now. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        endpoint: {
                            /** @description Assigned by the service when the endpoint is registered. */
                            endpointId: string;
                            /**
                             * Format: uri
                             * @description Where events are posted: an http or https URL.
                             * @example https://example.com/loyalty-webhooks
                             */
                            url: string;
                            /** @description The event types posted to this endpoint. */
                            events: ("points.changed" | "tier.changed" | "guest.joined" | "gift.received" | "points.expiring" | "account.closed")[];
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /**
                             * Format: date-time
                             * @description After a rotation: until when the previous secret still signs beside the new one.
                             */
                            previousSecretExpiresAt?: string;
                        };
                        /** @description The signing secret (Standard Webhooks format). Shown only in this answer: keep it. */
                        secret: string;
                    };
                };
            };
            /** @description Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden (forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Webhook endpoint not found (webhook-endpoint-not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type (unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                pageSize?: number;
                /** @description nextPageToken of the previous page. */
                pageToken?: string;
            };
            header?: never;
            path: {
                /** @description Assigned by the service when the endpoint is registered. */
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of deliveries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveries: {
                            eventId: string;
                            /**
                             * @description A webhook event type.
                             * @enum {unknown}
                             */
                            eventType: "points.changed" | "tier.changed" | "guest.joined" | "gift.received" | "points.expiring" | "account.closed";
                            /**
                             * @description delivered: a 2xx answered; retrying: still being tried; givenUp: retries ran out; endpointDeleted: the endpoint went first.
                             * @enum {unknown}
                             */
                            status: "delivered" | "retrying" | "givenUp" | "endpointDeleted";
                            /** Format: date-time */
                            startedAt: string;
                            /** @description Attempts made so far (delivered: the one that landed). */
                            attempts?: number;
                            /** @description Why the latest attempt failed. */
                            lastError?: string;
                            /** @description The receiver’s status for the delivered attempt. */
                            responseStatus?: number;
                            /** Format: date-time */
                            finishedAt?: string;
                        }[];
                        nextPageToken?: string;
                    };
                };
            };
            /** @description Invalid page token (invalid-page-token) · Validation failed (validation-failed) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden (forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Webhook endpoint not found (webhook-endpoint-not-found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (rate-limited) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to serve. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
            /** @description Request timeout (request-timeout) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request header fields too large (headers-too-large) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error (internal-error) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporal unavailable (temporal-unavailable) · Shutting down (shutting-down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
