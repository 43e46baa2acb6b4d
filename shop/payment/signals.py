"""What the payments layer tells the rest of the shop, inside the transaction that made it so.

- `payment_completed(payment)`: this payment has just paid its order (the order is now Paid).
  Not sent for a charge that arrived after its order was cancelled or paid: that one is refunded.
- `payment_refunded(payment)`: this completed payment has just been refunded in full.

Receivers run under the payment's row lock and inside its transaction: what they write commits
or rolls back with the payment, and they must not call Stripe.
"""

from django.dispatch import Signal

payment_completed = Signal()
payment_refunded = Signal()
