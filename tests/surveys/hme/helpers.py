"""Small builders for HME tests."""

from surveys.models import HmeResponse, HmeRound


def make_round(year=2024, status=HmeRound.Status.CLOSED):
    return HmeRound.objects.create(year=year, status=status)


def answers(rnd, node, count, values=(4,) * 9, gender=""):
    HmeResponse.objects.bulk_create(
        [
            HmeResponse(
                round=rnd,
                node=node,
                gender=gender,
                **{f"f{i}": v for i, v in enumerate(values, start=1)},
            )
            for _ in range(count)
        ]
    )


def csv_file(rows, header="enhet;kon;f1;f2;f3;f4;f5;f6;f7;f8;f9", bom=False):
    text = "\n".join([header, *rows]) + "\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")
