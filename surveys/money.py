"""Pay arithmetic: hourly pay, effective hourly pay, conversion to US dollars.

All in Decimal. The formulas are DESIGN.md's:
- hourly pay: per hour, the amount; per task, amount x tasks per hour;
  per week, amount / paid hours per week; per month, amount / (paid hours
  per week x 52 / 12);
- effective hourly pay: hourly pay x paid hours / (paid + unpaid hours).
"""

from decimal import ROUND_HALF_EVEN, Decimal

WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
USD_PLACES = Decimal("0.0001")


class PayError(ValueError):
    """The answers do not allow an hourly figure (e.g. no paid hours)."""


def hourly_pay(amount, pay_unit, *, paid_hours_per_week, tasks_per_hour=None):
    """Pay for one paid hour, in the currency of `amount`."""
    amount = Decimal(amount)
    paid_hours = Decimal(paid_hours_per_week)
    if pay_unit == "hour":
        return amount
    if pay_unit == "task":
        if not tasks_per_hour or Decimal(tasks_per_hour) <= 0:
            raise PayError("per-task pay needs tasks per hour")
        return amount * Decimal(tasks_per_hour)
    if paid_hours <= 0:
        raise PayError("weekly or monthly pay needs paid hours")
    if pay_unit == "week":
        return amount / paid_hours
    if pay_unit == "month":
        return amount / (paid_hours * WEEKS_PER_MONTH)
    raise PayError(f"unknown pay unit {pay_unit!r}")


def effective_hourly_pay(hourly, *, paid_hours_per_week, unpaid_hours_per_week):
    """Hourly pay spread over every hour worked, paid or not."""
    paid = Decimal(paid_hours_per_week)
    unpaid = Decimal(unpaid_hours_per_week or 0)
    if paid + unpaid <= 0:
        raise PayError("no hours worked")
    return Decimal(hourly) * paid / (paid + unpaid)


def to_usd(amount, units_per_usd):
    """Convert a local amount at a rate given as local units for one dollar."""
    return (Decimal(amount) / Decimal(units_per_usd)).quantize(
        USD_PLACES, rounding=ROUND_HALF_EVEN
    )


def from_usd(amount_usd, units_per_usd):
    return Decimal(amount_usd) * Decimal(units_per_usd)
