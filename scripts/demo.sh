#!/usr/bin/env bash
# A walk through the loyalty program with curl, against a running system (`npm run dev`).
#   scripts/demo.sh                 # uses http://localhost:3000 and the development keys
#   API=http://host:port ADMIN_KEY=... STOREFRONT_KEY=... scripts/demo.sh
set -euo pipefail

API="${API:-http://localhost:3000}"
ADMIN_KEY="${ADMIN_KEY:-dev-admin-key}"
STOREFRONT_KEY="${STOREFRONT_KEY:-dev-storefront-key}"
run="$(date +%s)"
host="ada-$run"
guest="grace-$run"

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }

# call ROLE METHOD PATH [JSON BODY] [EXTRA CURL ARGS...]: prints the status line and the body.
call() {
  local key="$STOREFRONT_KEY"
  [ "$1" = admin ] && key="$ADMIN_KEY"
  local method="$2" path="$3" body="${4:-}"
  shift 3; [ $# -gt 0 ] && shift
  printf '$ curl -X %s %s%s %s\n' "$method" "$API" "$path" "${body:+-d '$body'}"
  curl -sS -X "$method" "$API$path" -H "Authorization: Bearer $key" \
    ${body:+-H 'Content-Type: application/json' -d "$body"} "$@" \
    -w '\n→ HTTP %{http_code}\n'
}

say "1. Ada enrols"
call storefront POST /customers "{\"customerId\":\"$host\",\"name\":\"Ada\",\"email\":\"ada@example.com\"}"

say "2. She earns 600 points at checkout (Idempotency-Key makes the retry below harmless)"
call storefront POST "/customers/$host/points" '{"points":600,"reason":"order 1001"}' -H "Idempotency-Key: order-1001"

say "3. The storefront retries the same request: same answer, no extra points"
call storefront POST "/customers/$host/points" '{"points":600,"reason":"order 1001"}' -H "Idempotency-Key: order-1001"

say "4. Another 500 points makes her Silver (a promotion notice goes out)"
call storefront POST "/customers/$host/points" '{"points":500,"reason":"order 1002"}' -H "Idempotency-Key: order-1002"

say "5. As Silver she invites Grace, who becomes an actor of her own, at Bronze"
call storefront POST "/customers/$host/guests" "{\"guestId\":\"$guest\"}"

say "6. Ada gives Grace 100 of her points"
call storefront POST "/customers/$host/gifts" "{\"guestId\":\"$guest\",\"points\":100}" -H "Idempotency-Key: gift-$run"

say "7. Both accounts now"
call storefront GET "/customers/$host"
call storefront GET "/customers/$guest"

say "8. Ada's ledger"
call storefront GET "/customers/$host/transactions"

say "9. Grace uses a reward her tier unlocks; lounge access (Gold) stays locked"
call storefront POST "/customers/$guest/redemptions" '{"rewardId":"free-shipping"}'
call storefront POST "/customers/$guest/redemptions" '{"rewardId":"lounge-access"}'

say "10. Support closes Ada's account; it can still be read"
call admin DELETE "/customers/$host"
call storefront GET "/customers/$host"

say "11. A closed account takes no more points"
call storefront POST "/customers/$host/points" '{"points":10}'
