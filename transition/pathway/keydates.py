"""The key dates every young person's record shows, worked out from the date of birth."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from transition.pathway.dates import add_age, end_of_compulsory_school_age, school_year_start


@dataclass(frozen=True)
class KeyDates:
    birthday_14: date
    birthday_16: date
    birthday_17: date
    birthday_17_6: date
    birthday_18: date
    birthday_25: date
    year_9_start: date
    post16_transfer_deadline: date
    end_of_compulsory_school: date
    plan_latest_end: date

    def labelled(self) -> list[tuple[str, date]]:
        """Plain-English labels with their dates, earliest first.

        Ties keep this listing order, so a 14th birthday on 1 September comes before
        the start of Year 9 on the same day.
        """
        pairs = [
            ("14th birthday", self.birthday_14),
            ("Start of Year 9", self.year_9_start),
            ("16th birthday", self.birthday_16),
            (
                "Deadline for post-16 placement in the plan (31 March, Year 11)",
                self.post16_transfer_deadline,
            ),
            ("End of compulsory school age", self.end_of_compulsory_school),
            ("17th birthday", self.birthday_17),
            ("Age 17 and a half", self.birthday_17_6),
            ("18th birthday", self.birthday_18),
            ("25th birthday", self.birthday_25),
            (
                "Latest end of the EHC plan (31 July, end of the academic year they turn 25)",
                self.plan_latest_end,
            ),
        ]
        return sorted(pairs, key=lambda pair: pair[1])


def key_dates(dob: date, year_offset: int = 0) -> KeyDates:
    """Key dates for a person born on ``dob``.

    ``year_offset`` moves the school-year dates for a child taught out of their age
    group (+1 a year behind). Birthdays, the end of compulsory school age (Education Act
    1996 s8(3)) and the age-25 plan end follow age, not school year, so the offset leaves
    them alone.
    """
    year_11_start = school_year_start(dob, 11, year_offset)
    birthday_25 = add_age(dob, 25)
    return KeyDates(
        birthday_14=add_age(dob, 14),
        birthday_16=add_age(dob, 16),
        birthday_17=add_age(dob, 17),
        birthday_17_6=add_age(dob, 17, 6),
        birthday_18=add_age(dob, 18),
        birthday_25=birthday_25,
        year_9_start=school_year_start(dob, 9, year_offset),
        # Reg 18(1)(a): the plan naming the post-16 setting is final by 31 March in the
        # spring of Year 11.
        post16_transfer_deadline=date(year_11_start.year + 1, 3, 31),
        end_of_compulsory_school=end_of_compulsory_school_age(dob),
        plan_latest_end=_end_of_academic_year_holding(birthday_25),
    )


def _end_of_academic_year_holding(day: date) -> date:
    """31 July ending the further-education academic year (1 August–31 July) holding day.

    FE years end on 31 July, not 31 August: someone who turns 25 on 15 August is in the
    year that ends the following July, not the one that ended a fortnight before.
    """
    return date(day.year + 1 if day.month >= 8 else day.year, 7, 31)
