import type { AttachmentDto } from '@newsdesk/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { queryKeys } from '../../../api/query-keys';
import { buildMailDocument, estimateFrameHeight, inlineImagePaths } from '../mail-frame';
import styles from './MailFrame.module.css';

interface MailFrameProps {
  messageId: string;
  html: string;
  text: string | null;
  attachments: AttachmentDto[];
  showImages: boolean;
  title: string;
}

/** A journalist's HTML in a sandboxed srcdoc frame: no scripts, no requests, its own CSP. */
export function MailFrame({ messageId, html, text, attachments, showImages, title }: MailFrameProps) {
  const paths = useMemo(() => inlineImagePaths(html), [html]);
  const inline = useQuery({
    queryKey: queryKeys.attachments.inline(messageId),
    queryFn: () => fetchInlineImages(paths, attachments),
    enabled: paths.length > 0,
    staleTime: Infinity,
  });
  const srcDoc = useMemo(
    () => buildMailDocument(html, { showImages, origin: window.location.origin, inlineImages: inline.data }),
    [html, showImages, inline.data],
  );
  return (
    <iframe
      className={styles.mailFrame}
      title={title}
      // No scripts, forms or same-origin access; links may open in a new, unsandboxed tab.
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      srcDoc={srcDoc}
      style={{ height: estimateFrameHeight(text) }}
    />
  );
}

// The frame cannot send our cookies, so the dashboard fetches inline images and hands them over as data: URLs.
async function fetchInlineImages(paths: string[], attachments: AttachmentDto[]): Promise<Map<string, string>> {
  const entries = await Promise.all(
    paths.map(async (path): Promise<[string, string] | null> => {
      // Raster images only: an SVG is a document that could carry script.
      const type = attachments.find((attachment) => path.endsWith(attachment.id))?.contentType.toLowerCase();
      if (!type || !RASTER_IMAGE.test(type)) return null;
      const response = await fetch(path, { credentials: 'same-origin' }).catch(() => null);
      if (!response?.ok) return null;
      return [path, await asDataUrl(await response.blob(), type)];
    }),
  );
  return new Map(entries.filter((entry): entry is [string, string] => entry !== null));
}

const RASTER_IMAGE = /^image\/(?:png|gif|jpeg|webp)$/;

function asDataUrl(blob: Blob, type: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    // Served as application/octet-stream (never active content); the frame gets the real image type.
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^;,]*/, `data:${type}`));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the image'));
    reader.readAsDataURL(blob);
  });
}
