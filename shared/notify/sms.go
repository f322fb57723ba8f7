package notify

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// optedOutNote heads an email sent instead of a text.
const optedOutNote = "Your phone number has opted out of text messages from us (a STOP reply), so this came by email instead."

// text sends the message as a text, or by email when the number opted out.
func (n *Notifier) text(ctx context.Context, d engine.Delivery) error {
	if d.Rep.Phone == "" {
		return fmt.Errorf("no phone number: %w", ErrNoAddress)
	}
	var optedOut bool
	err := n.retry(ctx, d, "sns CheckIfPhoneNumberIsOptedOut", func() error {
		out, err := n.cfg.SMS.CheckIfPhoneNumberIsOptedOut(ctx, &sns.CheckIfPhoneNumberIsOptedOutInput{PhoneNumber: aws.String(d.Rep.Phone)})
		if err == nil {
			optedOut = out.IsOptedOut
		}
		return err
	})
	if err != nil {
		return err
	}
	if optedOut {
		if d.Rep.Email == "" {
			return ErrOptedOut
		}
		n.log.InfoContext(ctx, "sms opted out, sending by email", slog.String("message", d.Message.ID), slog.String("rep", d.Rep.ID))
		d.Message.Channel = lead.Email
		return n.email(ctx, d, optedOutNote)
	}

	attrs := map[string]types.MessageAttributeValue{
		// Transactional: SNS favours delivery over cost, and a deadline is no promotion.
		"AWS.SNS.SMS.SMSType": {DataType: aws.String("String"), StringValue: aws.String("Transactional")},
	}
	if n.cfg.OriginationNumber != "" {
		attrs["AWS.MM.SMS.OriginationNumber"] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(n.cfg.OriginationNumber)}
	}
	in := &sns.PublishInput{
		PhoneNumber:       aws.String(d.Rep.Phone),
		Message:           aws.String(n.cfg.Renderer.Render(d).Text),
		MessageAttributes: attrs,
	}
	return n.retry(ctx, d, "sns Publish", func() error {
		_, err := n.cfg.SMS.Publish(ctx, in)
		return err
	})
}
