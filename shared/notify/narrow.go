package notify

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// NarrowEmail and NarrowSMS return the SDK's clients with only the operations the
// notifier calls, so that a binary keeps only those (see dynamo.Narrow for why a
// client stored in an interface keeps all of its operations).
func NarrowEmail(c *sesv2.Client) Emailer { return email{send: c.SendEmail} }

// NarrowSMS: see NarrowEmail.
func NarrowSMS(c *sns.Client) Texter {
	return sms{publish: c.Publish, optedOut: c.CheckIfPhoneNumberIsOptedOut}
}

type email struct {
	send func(context.Context, *sesv2.SendEmailInput, ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error)
}

func (e email) SendEmail(ctx context.Context, in *sesv2.SendEmailInput, opts ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error) {
	return e.send(ctx, in, opts...)
}

type sms struct {
	publish  func(context.Context, *sns.PublishInput, ...func(*sns.Options)) (*sns.PublishOutput, error)
	optedOut func(context.Context, *sns.CheckIfPhoneNumberIsOptedOutInput, ...func(*sns.Options)) (*sns.CheckIfPhoneNumberIsOptedOutOutput, error)
}

func (s sms) Publish(ctx context.Context, in *sns.PublishInput, opts ...func(*sns.Options)) (*sns.PublishOutput, error) {
	return s.publish(ctx, in, opts...)
}

func (s sms) CheckIfPhoneNumberIsOptedOut(ctx context.Context, in *sns.CheckIfPhoneNumberIsOptedOutInput, opts ...func(*sns.Options)) (*sns.CheckIfPhoneNumberIsOptedOutOutput, error) {
	return s.optedOut(ctx, in, opts...)
}
