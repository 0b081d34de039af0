"""The long conversation sample: 62 messages between a client and two agents over five days."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from app.demo.records import Json

CLIENT = "client_318274650"
AGENTS = ("agent_551203984", "agent_662190437")

_MESSAGES: tuple[str, ...] = (
    # day 1
    "Hello,\n\nSince this morning our production app is getting duplicate "
    "biometric_validation.completed webhooks, sometimes three or four per validation. Our "
    "onboarding service creates one account per webhook, so some customers now have several "
    "accounts.\n\nThis is urgent for us: we are launching a campaign on Friday.",
    "Hi, thanks for reaching out and sorry for the trouble. I'm looking into it now.\n\nCould you "
    "send me two or three validation IDs that produced duplicates, and tell me whether your "
    "endpoint answers our webhooks with a 2xx status?",
    "Here are three of them:\n- bv_65f0c2a7f1d2e30012fedcba\n- bv_65f0c2b10a9e4f0012aa0192\n"
    "- bv_65f0c2c4c3b1a20012bb7733\n\nOur endpoint answers 200, as far as we can see in our "
    "load balancer logs.",
    "Thank you. For all three, our delivery log shows the first attempt timing out after 10 "
    "seconds, so we retried. Your load balancer may log the 200, but it was sent after our "
    "timeout.\n\nHow long does your endpoint take to answer? Does it create the account before "
    "responding?",
    "Yes, we create the account synchronously and then answer. The account creation calls two "
    "other internal services, so 10 seconds is possible when they are slow.",
    "That explains the retries. We recommend answering the webhook right away (within a second or "
    "two) and doing the work in the background.\n\nEvery delivery also carries a deliveryId that "
    "stays the same across retries: if you store it and skip deliveries you have already "
    "processed, a retry can never create a second account.",
    "Understood. We will change the handler to queue the work. Is the deliveryId documented "
    "somewhere? I could not find it in the webhook reference.",
    "It is in the payload at the top level, next to event and attempt. You are right that the "
    "reference page does not list it yet; I've asked the documentation team to add it.",
    "Great, thanks. One more question: can we change the 10 second timeout on your side while "
    "we deploy the fix? Even 30 seconds would help today.",
    "The timeout is the same for every client, so I can't raise it for one project, sorry. What I "
    "can do is pause retries for your project for 24 hours, so each event is delivered once. "
    "Failed deliveries stay visible in the dashboard and can be replayed.\n\nShall I do that?",
    "Yes please, pause the retries.",
    "Done: retries are paused for project prj_7d21 until tomorrow 16:00 UTC. I'll keep this ticket "
    "open until your fix is live.",
    # day 2
    "Good morning. The new handler is deployed and answers in about 150 ms. We also store the "
    "deliveryId now. Could you resume the retries?",
    "Morning! Retries are active again. I'll watch your deliveries for the next hour.",
    "Thanks. Unrelated, but while testing we noticed that some liveness checks fail on Android "
    "devices. The error is LIVENESS_CAPTURE_FAILED. It happens maybe 5% of the time.",
    "Let's look at it here as well. Which SDK version are you on, and do the failures share a "
    "device model or Android version?",
    "SDK 4.1.3. I've attached nothing yet, but from our analytics:\n\n- Samsung A14 and A24 are "
    "about 60% of the failures\n- Android 13 and 14 both\n- almost all failures are with the front "
    "camera at 720p\n\nIt works on the same devices with the web flow.",
    "That matches a known issue: on some Samsung devices the camera returns frames in a format "
    "that SDK 4.1.x converts too slowly, and the capture times out. SDK 4.2.0 fixes it.\n\nCould you "
    "try 4.2.0 on one of the affected devices?",
    "We'll try it this afternoon. Are there breaking changes between 4.1.3 and 4.2.0?",
    "Only one: the onResult callback now receives a LivenessResult object instead of a map. The "
    "migration guide has a two-line example. Everything else is compatible.",
    "OK. We tested 4.2.0 on an A14 and an A24: 40 captures each, no failures. We will ship it in "
    "our next release on Monday.",
    "Excellent news. I'll note the liveness issue as solved by the upgrade.\n\nHow do the webhooks "
    "look on your side since the morning?",
    "No duplicates since the deploy. We cleaned up the duplicate accounts too: 212 in total.",
    "Glad to hear it. On our side all deliveries since 09:40 UTC were acknowledged on the first "
    "attempt, median 140 ms.",
    # day 3
    "Hi again. Today we got 429 Too Many Requests for about ten minutes around 14:00 UTC. We were "
    "running a load test to prepare for Friday. What is our limit?",
    "Hi! Your plan allows 50 requests per second per project, with bursts up to 100. During the "
    "test you peaked at 310 requests per second, so most of them were refused.\n\nWhat traffic do "
    "you expect on Friday?",
    "Marketing expects up to 40,000 sign-ups in the first two hours. Each sign-up makes about 4 "
    "calls (document, cedula lookup, liveness, biometric match).",
    "So about 160,000 calls in two hours, which averages 22 per second but will peak well above "
    "that in the first minutes after the push notification goes out.\n\nI'd suggest two things:\n"
    "1. a temporary limit increase for the campaign window, which I can request for you;\n"
    "2. a client-side queue that respects Retry-After, so a burst becomes a short wait instead "
    "of errors.",
    "Both sound good. Please request the increase for Friday 12:00 to 20:00 UTC. We'll add the queue.",
    "Requested: 200 requests per second, burst 400, Friday 12:00 to 20:00 UTC. The capacity team "
    "usually confirms within a day; I'll post here when they do.",
    "Thanks a lot.",
    "The capacity team approved it. The higher limit is scheduled and will apply automatically in that window.",
    "Perfect. Does the Retry-After header come in seconds or as a date?",
    "In seconds, as an integer. Our SDKs already honour it; if you call the REST API directly, "
    "wait that many seconds before retrying the same request.",
    "Got it. We'll cap our retries at three and wait Retry-After each time.",
    "That's a sensible policy. Let me know if you'd like us to review the queue settings before Friday.",
    # day 4
    "Hello! Our queue is ready. Could you have a look at the settings?\n\nconcurrency: 120\n"
    "max_rate: 180/s\nretry: 3 times, Retry-After or 2 s\ntimeout: 30 s",
    "These look good. Two small notes:\n\n- With a 180/s cap you stay below the temporary limit "
    "even with other services of yours calling us. Good.\n- A 30 s timeout on liveness is fine, "
    "but cedula lookups depend on the registry and can take up to 45 s at peak times. I'd use "
    "60 s for those.",
    "Changed the cedula timeout to 60 s. Anything else we should prepare?",
    "Subscribe to our status page for the campaign day, and keep this ticket open: the on-call "
    "team can see it. If something looks wrong on Friday, reply here and mention the campaign.",
    "Subscribed. We'll run a final load test this afternoon at 16:00 UTC at 150/s. Is that OK?",
    "Yes. I'll ask for the temporary limit to start at 15:30 today so the test runs against the real setting.",
    "Great, thank you.",
    "Confirmed: the limit of 200/s applies from today 15:30 UTC until Friday 20:00 UTC.",
    "Load test results: 150/s for 20 minutes, 0 errors, p95 latency 1.9 s for biometric match, "
    "0.6 s for liveness. One cedula lookup took 51 s but succeeded.",
    "Those are healthy numbers. The 51 s lookup was the registry; nothing on your side.\n\nYou "
    "look ready for tomorrow.",
    # day 5
    "One thing we noticed: the biometric match results have a score with four decimals in the "
    "webhook but two decimals in the dashboard export. Which one is authoritative?",
    "The webhook and the API carry the full value; the dashboard rounds it for display and in its "
    "CSV export. Use the API value for decisions.",
    "Makes sense. We use the webhook value already.",
    "Then you're all set. Good luck with the launch!",
    "Thanks! We'll report back after the campaign.",
    "Please do. I'll keep the ticket in progress until then.",
    "Campaign update: 38,912 sign-ups in the first two hours, peak 171 requests per second, 14 "
    "requests got a 429 and all succeeded on retry. No duplicate accounts.\n\nThank you for all "
    "the help this week.",
    "That's a great result, congratulations! I'm glad the queue and the limit worked as "
    "planned.\n\nTo sum up what we changed:\n- webhook handler answers at once; deduplicated by "
    "deliveryId\n- SDK 4.2.0 for the Samsung liveness issue\n- temporary limit of 200/s, now "
    "back to 50/s\n- client queue with Retry-After",
    "One last question: can we keep the higher limit permanently? We expect more campaigns.",
    "A permanent increase comes with the Growth plan. I've asked your account manager to contact "
    "you with the details; they usually reply within two business days.",
    "Perfect. Our CFO will want a quote, so that works.",
    "I've forwarded that too. Is there anything else I can help with on this ticket?",
    "No, that's everything. You can close it once the account manager has been in touch.",
    "Will do. Thanks again for the clear reports all week; it made this much easier.",
    "Thank you! Have a good weekend.",
    "You too!",
)

_RESUME_AT: dict[int, tuple[int, int, int]] = {
    12: (9, 8, 40),
    24: (10, 8, 40),
    36: (11, 8, 40),
    44: (11, 16, 25),
    46: (12, 8, 40),
    52: (12, 14, 20),
}
"""Message index -> (April day, hour, minute) where the conversation picks up again."""


def long_conversation() -> list[Json]:
    """The 62 thread messages, alternating client and agent, 2024-04-08 to 2024-04-12."""
    rng = random.Random(318)
    threads: list[Json] = []
    moment = datetime(2024, 4, 8, 13, 5, tzinfo=UTC)
    for index, message in enumerate(_MESSAGES):
        if index in _RESUME_AT:
            day, hour, minute = _RESUME_AT[index]
            moment = datetime(2024, 4, day, hour, minute, tzinfo=UTC)
        moment += timedelta(minutes=rng.randint(4, 40), seconds=rng.randint(0, 59))
        is_client = index % 2 == 0
        threads.append(
            {
                "author": CLIENT if is_client else AGENTS[0 if index < 36 else 1],
                "message": message,
                "timestamp": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "type": "user" if is_client else "agent",
            }
        )
    return threads
